"""One API resolver setup for every HTTP Lambda: validation, CORS and errors as JSON."""

from __future__ import annotations

import binascii
import json
import math
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
from pydantic import BaseModel

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


# Longer integers are refused while parsing: int() of a long digit string is quadratic, and past this many digits
# Python refuses it inside the parser (a 500). Shorter ones reach validation (a field's bounds: 422), and any
# number may sit in a property the schema leaves open, so this is the parser's limit, not a field's.
MAX_JSON_INTEGER_DIGITS = 4300
UNREADABLE_BODY = {
    "json_invalid": "The request body is not valid JSON.",
    "unicode_invalid": "The request body holds text that is not valid Unicode (an unpaired surrogate escape).",
    "json_too_deep": "The request body nests arrays or objects too deeply.",
    "number_out_of_range": (
        f"The request body holds a number out of range (integers of at most {MAX_JSON_INTEGER_DIGITS} digits, "
        "decimals that are finite and not rounded to 0)."
    ),
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


def answers(model: type[BaseModel], not_found: str) -> dict[int, OpenAPIResponse]:
    """A route's 200 with its model and its 404 (declaring any response replaces Powertools' default 200)."""
    return {200: {"description": "OK", "content": {"application/json": {"model": model}}}, 404: error_doc(not_found)}


JSON_ONLY = "Send the request body as application/json."
# Only a \u escape in the raw text can put a lone surrogate into the parsed value.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _unreadable(kind: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": ("body",), "msg": UNREADABLE_BODY[kind]}])


def _json_integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INTEGER_DIGITS:  # checked before int() does the work
        raise _unreadable("number_out_of_range")
    try:
        return int(text)
    except ValueError:  # an interpreter configured with a lower limit (PYTHONINTMAXSTRDIGITS)
        raise _unreadable("number_out_of_range") from None


def _json_float(text: str) -> float:
    value = float(text)
    mantissa = text.lower().partition("e")[0]
    if not math.isfinite(value) or (value == 0 and mantissa.strip("-0.")):  # overflow, or underflow to 0
        raise _unreadable("number_out_of_range")
    return value


def _json_constant(_: str) -> float:
    raise _unreadable("number_out_of_range")  # NaN, Infinity: not JSON, and no number a client can send


def parse_json_body(text: str) -> Any:
    """Every request body of the API is a JSON object (or null) of valid Unicode text, of numbers in range and
    nested no deeper than the parser's recursion limit.

    Powertools would otherwise take a list's first item as the body, and a lone surrogate escape would reach
    the services as text that cannot be stored; a huge number or deep nesting failed inside the parser (500)."""
    try:
        value = json.loads(text, parse_int=_json_integer, parse_float=_json_float, parse_constant=_json_constant)
        if value is not None and not isinstance(value, dict):
            raise RequestValidationError(
                [{"type": "model_type", "loc": ("body",), "msg": "The body must be an object"}]
            )
        if _ESCAPED_SURROGATE.search(text):
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise _unreadable("json_too_deep") from None
    except UnicodeEncodeError:
        raise _unreadable("unicode_invalid") from None
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


def make_resolver() -> APIGatewayRestResolver:
    # Runs when a handler module loads: the resolver takes its CORS origins at construction.
    origins = get_settings().allowed_origins
    cors = (
        CORSConfig(
            allow_origin=origins[0],
            extra_origins=list(origins[1:]),
            max_age=600,
            # The web app's freshness poll is a conditional read; signed-in callers send their ID token.
            allow_headers=["If-None-Match", "Authorization"],
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
