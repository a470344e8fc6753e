"""Property-based fuzzing of the whole API (Schemathesis) against docs/openapi.json on a running local runtime:
no 5xx, every answer matches the schema, schema-valid requests are accepted and invalid ones refused.

Bounded for `make test`; `make fuzz` runs it longer (FUZZ_EXAMPLES, FUZZ_MAX_TIME) and on the AWS adapters too
(FUZZ_STORAGES=embedded,aws, against moto server)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.runtime import REPO, LocalRuntime, MotoServer, provision_aws

pytestmark = pytest.mark.e2e

SCHEMATHESIS = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin" / "schemathesis"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
MAX_TIME = os.environ.get("FUZZ_MAX_TIME", "")
SEED = os.environ.get("FUZZ_SEED", "20251122")  # fixed in `make test` so a failure reproduces
STORAGES = os.environ.get("FUZZ_STORAGES", "embedded").split(",")


@pytest.fixture(params=STORAGES)
def fuzz_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    env = {"DATA_DIR": str(tmp_path / "data")}
    moto = None
    if request.param == "aws":
        moto = MotoServer(log_path=tmp_path / "moto.log").start()
        env |= provision_aws(moto.base_url)
    runtime = LocalRuntime(log_path=tmp_path / "runtime.log", env=env).start()
    try:
        yield runtime.base_url
    finally:
        runtime.stop()
        if moto:
            moto.stop()


def test_api_survives_schema_driven_fuzzing(fuzz_target: str, tmp_path: Path):
    command = [
        str(SCHEMATHESIS if SCHEMATHESIS.exists() else "schemathesis"),
        "--config-file", str(REPO / "tests" / "e2e" / "schemathesis.toml"),
        "--no-color", "run", str(REPO / "docs" / "openapi.json"),
        "--url", fuzz_target,
        "--max-examples", str(EXAMPLES),
        "--seed", SEED,
        "--workers", "1",
        "--generation-database", "none",
        "--suppress-health-check", "too_slow",
        "--report", "junit", "--report-dir", str(tmp_path / "report"),
    ]  # fmt: skip
    if MAX_TIME:
        command += ["--max-time", MAX_TIME]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-12000:]
    assert "Tested:" in output, output[-4000:]


# Hostile JSON that schema-driven generation never produces: integers of 5,000 digits and more, decimals past what
# a float holds, and nesting far past any parser's recursion limit (each was a 500).
HUGE_NUMBERS = ["1" * 5000, "-" + "9" * 5000, "1e999", "1e-999", "1." + "1" * 5000, "1" * 100_000]
DEEP_NESTING = ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000]


def _hostile_requests(document: dict) -> Iterator[tuple[str, str, str]]:
    """(method, path, raw JSON body) for every operation of the document: every body property in turn, and the
    integer query parameters, set to each hostile value."""
    for template, operations in document["paths"].items():
        path = template.replace("{sessionId}", str(uuid.uuid4())).replace("{snapshotId}", "1")
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    for number in HUGE_NUMBERS[:2]:
                        yield method, f"{path}?{parameter['name']}={number}", ""
            if "requestBody" not in operation:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"].get("$ref", "")
            schema = document["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            for name in [*schema.get("properties", {}), "unknown"]:
                for value in HUGE_NUMBERS + DEEP_NESTING:
                    yield method, path, f'{{"{name}": {value}}}'
            for value in DEEP_NESTING:
                yield method, path, value


def test_huge_numbers_and_deep_nesting_are_client_errors(fuzz_target: str):
    document = json.loads((REPO / "docs" / "openapi.json").read_text())
    answers: dict[str, list[str]] = {}
    with httpx.Client(base_url=fuzz_target, timeout=30) as client:
        for method, path, body in _hostile_requests(document):
            headers = {"content-type": "application/json"} if body else {}
            response = client.request(method.upper(), path, content=body, headers=headers)
            assert response.status_code < 500, (method, path, body[:80], response.text[:300])
            answers.setdefault(response.json()["error"] if response.status_code >= 400 else "ok", []).append(path)
    assert len(answers["bad_request"]) >= len(HUGE_NUMBERS + DEEP_NESTING), answers.keys()
