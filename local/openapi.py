"""One OpenAPI document for the whole API, merged from each HTTP Lambda's resolver (the handlers are the source)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge

from core.ids import ID_PATTERNS, UUID4_PATTERN
from core.models.common import ErrorBody
from core.routes import api_functions

# Errors every operation can answer with, all in the one JSON error shape (`core.http`).
STANDARD_ERRORS = {
    "400": "Malformed request: invalid JSON or an id that is not a UUIDv4",
    "404": "No such session item, snapshot, job or route",
    "422": "The request failed validation",
    "500": "Unexpected server error",
    "503": "A dependency is busy or unreachable; retry after Retry-After seconds",
}
TITLE = "Resume Chat API"
API_VERSION = "1.0.0"


def build_openapi() -> dict[str, Any]:
    merge = OpenAPIMerge(title=TITLE, version=API_VERSION, on_conflict="error")
    for function in api_functions():
        merge.add_schema(importlib.import_module(function.handler_module).app.get_openapi_schema())
    document: dict[str, Any] = json.loads(merge.get_openapi_json_schema())
    document["paths"] = dict(sorted(document.get("paths", {}).items()))
    _use_error_body(document)
    _describe_ids(document)
    return document


def _describe_ids(document: dict[str, Any]) -> None:
    """Give every id its pattern, as the services enforce it (anything else is a 400), so clients and fuzzers
    know what a valid request is: the handlers declare ids as plain strings."""

    def describe(name: str, schema: dict[str, Any]) -> None:
        pattern = ID_PATTERNS[name]
        schema.update({"type": "string", "pattern": pattern} | ({"format": "uuid"} if pattern == UUID4_PATTERN else {}))

    for path_item in document["paths"].values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ID_PATTERNS:
                    describe(parameter["name"], parameter.setdefault("schema", {}))
    for schema in document.get("components", {}).get("schemas", {}).values():
        for name, field in schema.get("properties", {}).items():
            if name in ID_PATTERNS:
                # A plain string, or the string branch of an optional one (anyOf string/null).
                for variant in [field, *field.get("anyOf", [])]:
                    if variant.get("type") == "string":
                        describe(name, variant)


def _use_error_body(document: dict[str, Any]) -> None:
    """Describe errors as the API really sends them, instead of Powertools' default validation schema."""
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path_item in document["paths"].values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in STANDARD_ERRORS.items():
                current = responses.get(status)
                if current is None or "HTTPValidationError" in json.dumps(current):
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": error_ref}},
                    }
            operation["responses"] = dict(sorted(responses.items()))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(name, None)
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    document["components"]["schemas"] = dict(sorted(schemas.items()))


def render() -> str:
    return json.dumps(build_openapi(), indent=2, sort_keys=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, help="write the document to this file")
    parser.add_argument("--check", type=Path, help="exit 1 if this file differs from the generated document")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not args.check.exists() or args.check.read_text() != text:
            print(f"{args.check} is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    if args.write:
        args.write.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
