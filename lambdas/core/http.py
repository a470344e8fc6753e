"""One API resolver setup for every HTTP Lambda: validation, CORS and errors as JSON."""

from __future__ import annotations

import binascii
import json
import re
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from .config import get_settings
from .errors import AppError, BadRequest, UnsupportedMediaType
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


UNREADABLE_BODY = {
    "json_invalid": "The request body is not valid JSON.",
    "unicode_invalid": "The request body holds text that is not valid Unicode (an unpaired surrogate escape).",
}


def _validation_error(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    for error in errors:
        if error.get("type") in UNREADABLE_BODY:
            return json_response(400, {"error": "bad_request", "message": UNREADABLE_BODY[error["type"]]})
    # Report where and what, never the submitted values (they may be resume text).
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in errors]
    where = ", ".join(".".join(d["loc"][1:] or d["loc"]) for d in details)
    return json_response(
        422, {"error": "validation_error", "message": f"Invalid request: check {where}.", "details": details}
    )


def error_doc(description: str) -> OpenAPIResponse:
    """An error response in a route's OpenAPI `responses`: the `ErrorBody` shape every error is sent in."""
    return {"description": description, "content": {"application/json": {"model": ErrorBody}}}


JSON_ONLY = "Send the request body as application/json."
# Only a \u escape in the raw text can put a lone surrogate into the parsed value.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_json_body(text: str) -> Any:
    """Every request body of the API is a JSON object (or null) of valid Unicode text.

    Powertools would otherwise take a list's first item as the body, and a lone surrogate escape would reach
    the services as text that cannot be stored."""
    value = json.loads(text)
    if value is not None and not isinstance(value, dict):
        raise RequestValidationError([{"type": "model_type", "loc": ("body",), "msg": "The body must be an object"}])
    if _ESCAPED_SURROGATE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise RequestValidationError(
                [{"type": "unicode_invalid", "loc": ("body",), "msg": "Unpaired surrogate escape"}]
            ) from None
    return value


def unreadable_body(event: BaseProxyEvent) -> AppError | None:
    """Why the request body cannot be read as JSON text, or None when it can (or there is none)."""
    if not event.body:
        return None
    content_type = (event.headers.get("content-type") or "").strip()
    if content_type and not content_type.startswith(content_types.APPLICATION_JSON):
        return UnsupportedMediaType(JSON_ONLY)
    try:
        _ = event.decoded_body
    except (UnicodeDecodeError, binascii.Error):
        return BadRequest("The request body is not valid UTF-8 text.")
    return None


def request_origin(app: APIGatewayRestResolver) -> str:
    """Where the request came to: the local runtime serves its signed download URLs there (S3 ignores it)."""
    headers = app.current_event.headers or {}
    host = headers.get("host") or headers.get("Host")
    proto = headers.get("x-forwarded-proto") or headers.get("X-Forwarded-Proto") or "http"
    return f"{proto}://{host}" if host else ""


def make_resolver() -> APIGatewayRestResolver:
    # Runs when a handler module loads: the resolver takes its CORS origins at construction.
    origins = get_settings().allowed_origins
    cors = (
        CORSConfig(
            allow_origin=origins[0],
            extra_origins=list(origins[1:]),
            max_age=600,
            # The web app's freshness poll is a conditional read.
            allow_headers=["If-None-Match"],
            expose_headers=["ETag"],
        )
        if origins
        else None
    )
    app = APIGatewayRestResolver(enable_validation=True, cors=cors, json_body_deserializer=parse_json_body)

    app.exception_handler(AppError)(error_response)
    app.exception_handler(RequestValidationError)(_validation_error)

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_content_type(_: Exception) -> Response:
        return error_response(UnsupportedMediaType(JSON_ONLY))

    @app.not_found
    def _not_found(_: Exception) -> Response:
        return json_response(404, {"error": "not_found", "message": "No such route."})

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # Powertools' body parsing fails with plain exceptions (UnicodeDecodeError, ValueError for a multipart
        # body without boundary) on a body it cannot read: that is the client's error, not ours.
        problem = unreadable_body(app.current_event)
        if problem is not None:
            return error_response(problem)
        logger.exception("unhandled error")
        metrics.add_metric(name="UnhandledError", unit="Count", value=1)
        return json_response(500, {"error": "internal_error", "message": "Something went wrong on our side."})

    return app


def api_handler(app: APIGatewayRestResolver) -> Handler:
    """The Lambda entry point of an HTTP function."""
    return instrumented(app.resolve, correlation_paths.API_GATEWAY_REST)
