from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.runtime import LocalRuntime


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[LocalRuntime]:
    server = LocalRuntime(log_path=tmp_path / "runtime.log", env={"DATA_DIR": str(tmp_path / "data")})
    server.start()
    yield server
    server.stop()
