from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.runtime import REPO, LocalRuntime, MotoServer


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[LocalRuntime]:
    server = LocalRuntime(log_path=tmp_path / "runtime.log", env={"DATA_DIR": str(tmp_path / "data")})
    server.start()
    yield server
    server.stop()


@dataclass
class AwsRuntime:
    runtime: LocalRuntime
    moto: MotoServer


@pytest.fixture
def aws_runtime(tmp_path: Path) -> Iterator[AwsRuntime]:
    """The local runtime on the AWS adapters, against moto server provisioned by `python -m local.provision`."""
    moto = MotoServer(log_path=tmp_path / "moto.log").start()
    try:
        aws_env = {
            "STORAGE": "aws",
            "AWS_ENDPOINT_URL": moto.base_url,
            "DDB_TABLE": "e2e-sessions",
            "IDEMPOTENCY_TABLE": "e2e-idempotency",
            "SNAPSHOT_BUCKET": "e2e-snapshots",
            "JOBS_BUCKET": "e2e-jobs",
        }
        provisioned = subprocess.run(
            [sys.executable, "-m", "local.provision"],
            cwd=REPO,
            env={**os.environ, **aws_env, "PYTHONPATH": f"{REPO / 'lambdas'}:{REPO}"},
            check=True,
            capture_output=True,
            text=True,
        )
        queues = dict(line.split("=", 1) for line in provisioned.stdout.split())
        runtime = LocalRuntime(
            log_path=tmp_path / "runtime.log", env={**aws_env, **queues, "DATA_DIR": str(tmp_path / "data")}
        )
        runtime.start()
        try:
            yield AwsRuntime(runtime, moto)
        finally:
            runtime.stop()
    finally:
        moto.stop()
