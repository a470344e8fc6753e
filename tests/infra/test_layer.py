"""The shared layer is built for the Lambda runtime (Python 3.14, arm64) and each function ships only itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdk_app.constructs.functions import PROJECT_ROOT
from cdk_app.layer import LayerTarget, build_layer, tree_digest
from cdk_app.settings import LAMBDA_PYTHON_VERSION, LAYER_PLATFORMS
from cdk_app.synth import SynthResult
from core.routes import FUNCTIONS, LambdaFunction

from .cfn import function_id, props, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

TARGET = LayerTarget(LAMBDA_PYTHON_VERSION, LAYER_PLATFORMS)
ELF_MACHINE_AARCH64 = 183


@pytest.fixture(scope="module")
def layer_python() -> Path:
    return build_layer(PROJECT_ROOT, TARGET).path / "python"


def wheel_tags(layer_python: Path) -> dict[str, list[str]]:
    return {
        wheel.parent.name: [
            line.split(":", 1)[1].strip() for line in wheel.read_text().splitlines() if line.startswith("Tag:")
        ]
        for wheel in layer_python.glob("*.dist-info/WHEEL")
    }


def test_core_library_is_inside_python(layer_python: Path) -> None:
    assert (layer_python / "core" / "routes.py").is_file()
    assert (layer_python / "core" / "schema.py").is_file()
    assert not list((layer_python / "core").rglob("__pycache__"))


def test_every_pinned_requirement_is_in_the_layer_at_its_version(layer_python: Path) -> None:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", (PROJECT_ROOT / "requirements.txt").read_text(), re.M)
    installed = dict(d.name.removesuffix(".dist-info").lower().rsplit("-", 1) for d in layer_python.glob("*.dist-info"))
    assert pins
    for name, version in pins:
        assert installed.get(name.lower().replace("-", "_").replace(".", "_")) == version, name


def test_wheel_tags_match_the_lambda_python_and_cpu(layer_python: Path) -> None:
    tags = wheel_tags(layer_python)
    assert tags
    binary = {name: t for name, t in tags.items() if not all(tag.endswith("-none-any") for tag in t)}
    assert binary, "expected compiled wheels (pydantic-core, lxml, jiter)"
    for name, wheel in binary.items():
        for tag in wheel:
            python, abi, platform = tag.split("-")
            assert (
                python in {TARGET.wheel_python_tag, "cp3" + TARGET.python_version.split(".")[1], "abi3"}
                or abi == "abi3"
            ), (name, tag)
            assert platform.endswith("_aarch64") and platform.startswith("manylinux"), (name, tag)


def test_native_extensions_are_aarch64_for_the_runtime_python(layer_python: Path) -> None:
    extensions = list(layer_python.rglob("*.so"))
    assert extensions
    for ext in extensions:
        header = ext.read_bytes()[:20]
        assert header[:4] == b"\x7fELF"
        assert int.from_bytes(header[18:20], "little") == ELF_MACHINE_AARCH64, ext
        if ".cpython-" in ext.name:
            assert f".cpython-{TARGET.python_version.replace('.', '')}-aarch64-linux-gnu" in ext.name, ext


def test_the_synthesized_layer_is_the_built_layer(synth: SynthResult) -> None:
    (layer,) = [
        v for v in resources(synth.template, "AWS::Lambda::LayerVersion").values() if "CompatibleRuntimes" in props(v)
    ]
    built = build_layer(PROJECT_ROOT, TARGET)
    staged = synth.outdir / f"asset.{props(layer)['Content']['S3Key'].removesuffix('.zip')}"
    assert [p.name for p in staged.iterdir()] == ["python"]
    assert tree_digest(staged / "python") == tree_digest(built.path / "python")


def staged_function_asset(synth: SynthResult, fn: LambdaFunction) -> Path:
    key = props(synth.template["Resources"][function_id(synth.template, fn)])["Code"]["S3Key"]
    return synth.outdir / f"asset.{key.removesuffix('.zip')}"


@pytest.mark.parametrize("fn", list(FUNCTIONS.values()), ids=lambda f: f.name)
def test_function_asset_holds_only_its_own_handler(synth: SynthResult, fn: LambdaFunction) -> None:
    asset = staged_function_asset(synth, fn)
    assert [p.name for p in asset.iterdir()] == [fn.folder]
    files = {p.relative_to(asset).as_posix() for p in asset.rglob("*") if p.is_file()}
    assert f"{fn.folder}/handler.py" in files
    assert not any("__pycache__" in f or f.startswith("core/") for f in files)
    source = PROJECT_ROOT / "lambdas" / fn.folder / "handler.py"
    if source.is_file():
        assert (asset / fn.folder / "handler.py").read_bytes() == source.read_bytes()
