"""The route table is the one source of truth: handlers, the local runtime and the OpenAPI document agree with it."""

import importlib
import json
from pathlib import Path

import pytest

from core.ids import ID_PATTERNS
from core.routes import FUNCTIONS, ROUTES, api_functions, routes_for
from local.openapi import render

REPO = Path(__file__).resolve().parents[2]


def test_every_route_names_a_known_function_once():
    assert all(route.function in FUNCTIONS for route in ROUTES)
    assert len({(r.method, r.path) for r in ROUTES}) == len(ROUTES)
    assert all(route.path.startswith("/api/") for route in ROUTES)


def test_function_folders_match_their_handler_modules():
    for function in FUNCTIONS.values():
        assert function.handler_module == f"{function.folder}.handler"
        assert function.folder == function.name.replace("-", "_")


def test_synchronous_functions_stay_under_api_gateways_29_second_limit():
    for function in api_functions():
        assert function.timeout_s < 29, function.name


def test_every_function_has_its_handler_module():
    for function in FUNCTIONS.values():
        assert callable(importlib.import_module(function.handler_module).lambda_handler), function.name


@pytest.mark.parametrize("function", api_functions(), ids=lambda f: f.name)
def test_each_handler_serves_exactly_its_routes(function):
    app = importlib.import_module(function.handler_module).app
    served = {
        (method.upper(), path)
        for path, item in app.get_openapi_schema().paths.items()
        for method in item.model_dump(exclude_none=True)
        if method in {"get", "put", "post", "delete", "patch"}
    }
    assert served == {(r.method, r.path) for r in routes_for(function.name)}


def test_openapi_document_is_up_to_date():
    assert (REPO / "docs" / "openapi.json").read_text() == render(), "docs/openapi.json is stale: run `make openapi`"


def test_openapi_errors_use_the_api_error_shape():
    document = json.loads(render())
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status in ("400", "422", "503"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_id_in_the_openapi_document_carries_the_pattern_the_services_enforce():
    document = json.loads(render())
    described = [
        (parameter["name"], parameter["schema"].get("pattern"))
        for item in document["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] in ID_PATTERNS
    ]
    described += [
        (name, variant.get("pattern"))
        for schema in document["components"]["schemas"].values()
        for name, field in schema.get("properties", {}).items()
        if name in ID_PATTERNS
        for variant in [field, *field.get("anyOf", [])]
        if variant.get("type") == "string" or "anyOf" not in field
    ]
    assert {name for name, _ in described} >= {"sessionId", "snapshotId", "jobId"}
    assert all(pattern == ID_PATTERNS[name] for name, pattern in described), described


def test_api_gateway_can_build_the_resource_tree():
    """API Gateway allows one variable path part per level: `/a/{x}` and `/a/{y}` cannot both exist."""
    variables: dict[str, set[str]] = {}
    for route in ROUTES:
        parts = route.path.strip("/").split("/")
        for depth, part in enumerate(parts):
            if part.startswith("{"):
                variables.setdefault("/".join(parts[:depth]), set()).add(part)
    crowded = {parent: names for parent, names in variables.items() if len(names) > 1}
    assert not crowded, f"sibling path variables with different names: {crowded}"


def test_every_operation_documents_its_success_answer():
    """Declaring any response replaces Powertools' default 200: a route listing only its errors would make every
    success an undocumented status (the fuzzer's ST103)."""
    for path, item in json.loads(render())["paths"].items():
        for method, operation in item.items():
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
