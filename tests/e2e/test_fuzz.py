"""Property-based fuzzing of the whole API (Schemathesis) against docs/openapi.json on a running local runtime:
no 5xx, every answer matches the schema, schema-valid requests are accepted and invalid ones refused.

Bounded for `make test`; `make fuzz` runs it longer (FUZZ_EXAMPLES, FUZZ_MAX_TIME) and on the AWS adapters too
(FUZZ_STORAGES=embedded,aws, against moto server)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

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
