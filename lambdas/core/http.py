"""One API resolver setup for every HTTP Lambda: validation, CORS and errors as JSON."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths

from .config import get_settings
from .errors import AppError
from .models.common import ErrorBody
from .observability import Handler, instrumented, logger, metrics


def json_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body, separators=(",", ":")),
        headers=headers or {},
    )


def error_response(error: AppError) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    return json_response(error.status, error.body(), headers)


def _validation_error(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return json_response(400, {"error": "bad_request", "message": "The request body is not valid JSON."})
    # Report where and what, never the submitted values (they may be resume text).
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in errors]
    where = ", ".join(".".join(d["loc"][1:] or d["loc"]) for d in details)
    return json_response(
        422, {"error": "validation_error", "message": f"Invalid request: check {where}.", "details": details}
    )


def error_doc(description: str) -> OpenAPIResponse:
    """An error response in a route's OpenAPI `responses`: the `ErrorBody` shape every error is sent in."""
    return {"description": description, "content": {"application/json": {"model": ErrorBody}}}


def request_origin(app: APIGatewayRestResolver) -> str:
    """Where the request came to: the local runtime serves its signed download URLs there (S3 ignores it)."""
    headers = app.current_event.headers or {}
    host = headers.get("host") or headers.get("Host")
    proto = headers.get("x-forwarded-proto") or headers.get("X-Forwarded-Proto") or "http"
    return f"{proto}://{host}" if host else ""


def make_resolver() -> APIGatewayRestResolver:
    origins = get_settings().allowed_origins
    cors = CORSConfig(allow_origin=origins[0], extra_origins=list(origins[1:]), max_age=600) if origins else None
    app = APIGatewayRestResolver(enable_validation=True, cors=cors)

    app.exception_handler(AppError)(error_response)
    app.exception_handler(RequestValidationError)(_validation_error)

    @app.not_found
    def _not_found(_: Exception) -> Response:
        return json_response(404, {"error": "not_found", "message": "No such route."})

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        metrics.add_metric(name="UnhandledError", unit="Count", value=1)
        return json_response(500, {"error": "internal_error", "message": "Something went wrong on our side."})

    return app


def api_handler(app: APIGatewayRestResolver) -> Handler:
    """The Lambda entry point of an HTTP function."""
    return instrumented(app.resolve, correlation_paths.API_GATEWAY_REST)
