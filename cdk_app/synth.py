"""Synthesize the stack and check it: cdk-nag (AwsSolutions + Serverless) and cfn-lint. No Docker, no AWS.

`python -m cdk_app.synth [--outdir DIR] [-c key=value ...]` prints every finding and the template size, and
exits non-zero when a nag finding is unacknowledged or cfn-lint reports an error. Tests call `synthesize()`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdk_app.app import ROOT, build_app

VALIDATION_REPORT = "validation-report.json"
ACKNOWLEDGED = "aws:cdk:acknowledged-rules"
NAG_PACKS = ("AwsSolutions-", "Serverless-")


@dataclass
class NagViolation:
    rule: str
    description: str
    paths: list[str]

    def __str__(self) -> str:
        return f"{self.rule}: {self.description} at {', '.join(self.paths)}"


@dataclass(frozen=True)
class Acknowledged:
    rule: str  # e.g. AwsSolutions-IAM5[Resource::*]
    reason: str
    path: str  # the construct it is scoped to


@dataclass
class SynthResult:
    outdir: Path
    stack_name: str
    template: dict[str, Any]
    violations: list[NagViolation]
    warnings: list[str] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)

    @property
    def template_path(self) -> Path:
        return self.outdir / f"{self.stack_name}.template.json"

    @property
    def assets_manifest(self) -> dict[str, Any]:
        return json.loads((self.outdir / f"{self.stack_name}.assets.json").read_text())


def project_context() -> dict[str, Any]:
    """cdk.json's context (the CLI passes it itself; an in-process synth has to read it)."""
    return dict(json.loads((ROOT / "cdk.json").read_text()).get("context", {}))


def _violations(outdir: Path) -> list[NagViolation]:
    report = outdir / VALIDATION_REPORT
    if not report.is_file():
        return []
    found = []
    for plugin in json.loads(report.read_text()).get("pluginReports", []):
        for v in plugin.get("violations", []):
            paths = [c.get("constructPath", "?") for c in v.get("violatingConstructs", [])]
            found.append(NagViolation(v.get("ruleName", "?"), v.get("description", ""), paths))
    return found


def _metadata(outdir: Path, stack_name: str, kind: str) -> list[tuple[str, Any]]:
    """(construct path, data) of one kind of construct metadata (its own file in recent CDK releases)."""
    separate = outdir / f"{stack_name}.metadata.json"
    if separate.is_file():
        metadata = json.loads(separate.read_text())
    else:
        metadata = json.loads((outdir / "manifest.json").read_text())["artifacts"][stack_name].get("metadata", {})
    return [(path, e["data"]) for path, entries in metadata.items() for e in entries if e.get("type") == kind]


def _acknowledgements(outdir: Path, stack_name: str) -> list[Acknowledged]:
    found = []
    for path, data in _metadata(outdir, stack_name, ACKNOWLEDGED):
        for rule, reason in data.items():
            found.append(
                Acknowledged(rule.split("::", 1)[-1] if rule.startswith("Annotation::") else rule, reason, path)
            )
    return [a for a in found if a.rule.startswith(NAG_PACKS)]


def synthesize(outdir: Path, context: dict[str, Any] | None = None) -> SynthResult:
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / VALIDATION_REPORT).unlink(missing_ok=True)
    app, stack = build_app(str(outdir), {**project_context(), **(context or {})})
    try:
        app.synth()
    except RuntimeError as exc:
        # cdk-nag findings interrupt synthesis after the templates are written; report them, raise anything else.
        if "ValidationFailed" not in str(exc):
            raise
    template = json.loads((outdir / f"{stack.stack_name}.template.json").read_text())
    _prune_assets(outdir, stack.stack_name)
    name = stack.stack_name
    warnings = [f"{path}: {data}" for path, data in _metadata(outdir, name, "aws:cdk:warning")]
    return SynthResult(outdir, name, template, _violations(outdir), warnings, _acknowledgements(outdir, name))


def _prune_assets(outdir: Path, stack_name: str) -> None:
    """Staged assets of earlier synths are never reused once their inputs changed; the layer alone is ~100 MB."""
    manifest = json.loads((outdir / f"{stack_name}.assets.json").read_text())
    current = {Path(f["source"]["path"]).name for f in manifest.get("files", {}).values()}
    for entry in outdir.glob("asset.*"):
        if entry.name not in current:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def cfn_lint_errors(template_path: Path) -> list[str]:
    from cfnlint.api import lint_file

    return [str(m) for m in lint_file(template_path) if m.rule.id.startswith("E")]


def _context_args(pairs: list[str]) -> dict[str, str]:
    context = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"-c expects key=value, got {pair!r}")
        context[key] = value
    return context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outdir", type=Path, default=ROOT / "cdk.out")
    parser.add_argument("-c", "--context", action="append", default=[], help="key=value (like cdk -c)")
    parser.add_argument("--acknowledged", action="store_true", help="also list every acknowledged nag finding")
    args = parser.parse_args(argv)

    result = synthesize(args.outdir, _context_args(args.context))
    for warning in result.warnings:
        print(f"warning: {warning}")
    if args.acknowledged:
        for ack in sorted(result.acknowledged, key=lambda a: (a.rule, a.path)):
            print(f"acknowledged: {ack.rule} on {ack.path}: {ack.reason}")
    for violation in result.violations:
        print(f"cdk-nag: {violation}")
    lint = cfn_lint_errors(result.template_path)
    for error in lint:
        print(f"cfn-lint: {error}")
    resources = result.template.get("Resources", {})
    size = result.template_path.stat().st_size
    print(
        f"{result.stack_name}: {len(resources)} resources, template {size:,} bytes ({size / 1024:.0f} KiB), "
        f"cdk-nag acknowledged: {len(result.acknowledged)}, unacknowledged: {len(result.violations)}, "
        f"cfn-lint errors: {len(lint)}"
    )
    return 1 if result.violations or lint else 0


if __name__ == "__main__":
    sys.exit(main())
