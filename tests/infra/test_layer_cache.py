"""The layer build is cached: pip runs once per requirements/target, core changes only relink."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cdk_app import layer
from cdk_app.layer import LayerTarget, build_layer

pytestmark = pytest.mark.infra

TARGET = LayerTarget("3.14", ("manylinux2014_aarch64",))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "lambdas" / "core").mkdir(parents=True)
    (tmp_path / "lambdas" / "core" / "__init__.py").write_text('"""core"""\n')
    (tmp_path / "requirements.txt").write_text("six==1.17.0\n")
    return tmp_path


def test_unchanged_inputs_reuse_the_build_and_core_changes_skip_pip(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_layer(project, TARGET)
    assert (first.path / "python" / "six.py").is_file()
    assert (first.path / "python" / "core" / "__init__.py").is_file()

    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip ran although the requirements did not change")

    monkeypatch.setattr(layer.subprocess, "run", no_pip)
    assert build_layer(project, TARGET) == first

    (project / "lambdas" / "core" / "routes.py").write_text("ROUTES = ()\n")
    second = build_layer(project, TARGET)
    assert second.fingerprint != first.fingerprint
    assert (second.path / "python" / "core" / "routes.py").is_file()
    assert not first.path.exists()  # the superseded layer is pruned


def test_a_failed_pip_run_says_so_and_leaves_no_partial_build(project: Path) -> None:
    (project / "requirements.txt").write_text("six ==== not a version\n")  # pip rejects it before any download
    with pytest.raises(RuntimeError, match="building the Lambda layer failed"):
        build_layer(project, TARGET)
    assert not list((project / "build" / "layer").glob("deps-*"))


def test_pip_targets_the_lambda_platform(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def record(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        seen.append(command)
        (Path(command[command.index("--target") + 1])).mkdir(parents=True)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(layer.subprocess, "run", record)
    build_layer(project, TARGET)
    (command,) = seen
    joined = " ".join(command)
    assert "--platform=manylinux2014_aarch64" in joined and "--python-version 3.14" in joined
    assert "--only-binary=:all:" in command and "--implementation cp" in joined
