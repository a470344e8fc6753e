from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.runtime import LocalRuntime, MotoServer, provision_aws


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
        runtime = LocalRuntime(
            log_path=tmp_path / "runtime.log", env={**provision_aws(moto.base_url), "DATA_DIR": str(tmp_path / "data")}
        )
        runtime.start()
        try:
            yield AwsRuntime(runtime, moto)
        finally:
            runtime.stop()
    finally:
        moto.stop()
