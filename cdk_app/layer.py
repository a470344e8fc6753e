"""The shared Lambda layer (`lambdas/core` + requirements.txt), built without Docker and cached on disk.

pip resolves wheels for the Lambda runtime's Python and CPU (`--platform`, `--python-version`, `--only-binary`),
so the build runs on any machine. Dependencies are cached by the hash of requirements.txt and the target; the
layer directory by that plus the hash of `core`, so a synth with nothing changed does no work at all.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Bump when the build recipe changes, so old caches are not reused.
RECIPE = "1"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
PUBLISHED = re.compile(r"^(deps|layer)-[0-9a-f]{32}$")  # finished builds (work dirs are mkdtemp-named)


@dataclass(frozen=True)
class LayerTarget:
    python_version: str  # "3.14", the Lambda runtime's
    platforms: tuple[str, ...]  # wheel platform tags the runtime accepts, e.g. ("manylinux2014_aarch64",)

    @property
    def wheel_python_tag(self) -> str:
        return "cp" + self.python_version.replace(".", "")


@dataclass(frozen=True)
class BuiltLayer:
    path: Path  # holds python/ (the layer's root)
    fingerprint: str  # changes whenever the content would


def _digest(*parts: bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "big"))
        sha.update(part)
    return sha.hexdigest()[:32]


def tree_digest(root: Path) -> str:
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return _digest(*(part for p in files for part in (p.relative_to(root).as_posix().encode(), p.read_bytes())))


def _publish(build: Path, final: Path) -> None:
    """Move a finished build into place; a concurrent builder that got there first wins (same content)."""
    try:
        build.rename(final)
    except OSError:
        if not final.is_dir():
            raise
        shutil.rmtree(build, ignore_errors=True)


def _install_dependencies(requirements: Path, target: LayerTarget, cache: Path) -> Path:
    platforms = " ".join(target.platforms).encode()
    key = _digest(RECIPE.encode(), requirements.read_bytes(), target.python_version.encode(), platforms)
    final = cache / f"deps-{key}"
    if final.is_dir():
        return final
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="deps-", dir=cache))
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
        *(f"--platform={platform}" for platform in target.platforms),
        "--implementation", "cp", "--python-version", target.python_version,
        "--only-binary=:all:", "--target", str(work / "python"), "-r", str(requirements),
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 (fixed argv)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(f"building the Lambda layer failed (pip):\n{exc.stderr[-4000:]}") from None
    # Console scripts are useless in a layer; keep *.dist-info (importlib.metadata and the wheel tags need them).
    shutil.rmtree(work / "python" / "bin", ignore_errors=True)
    _publish(work, final)
    return final


def build_layer(project_root: Path, target: LayerTarget, cache: Path | None = None) -> BuiltLayer:
    """Return a directory laid out as a Python layer: `python/<dependencies>` and `python/core`."""
    cache = cache or project_root / "build" / "layer"
    core = project_root / "lambdas" / "core"
    deps = _install_dependencies(project_root / "requirements.txt", target, cache)
    fingerprint = _digest(deps.name.encode(), tree_digest(core).encode())
    final = cache / f"layer-{fingerprint}"
    if not final.is_dir():
        work = Path(tempfile.mkdtemp(prefix="layer-", dir=cache))
        # Hard links: the dependency tree is ~100 MB and never modified in place.
        shutil.copytree(deps / "python", work / "python", copy_function=os.link)
        shutil.copytree(core, work / "python" / "core", ignore=IGNORED)
        _publish(work, final)
    _prune(cache, keep={deps.name, final.name})
    return BuiltLayer(path=final, fingerprint=fingerprint)


def _prune(cache: Path, keep: set[str]) -> None:
    """Drop layers and dependency sets of earlier inputs (unfinished temp builds are left to their builder)."""
    for entry in cache.iterdir():
        if PUBLISHED.match(entry.name) and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
