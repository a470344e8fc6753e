"""Translate between HTTP (starlette) and API Gateway REST proxy events (payload format 1.0)."""

from __future__ import annotations

import base64
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded", "application/xml")


def _multi(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    multi: dict[str, list[str]] = {}
    for key, value in items:
        multi.setdefault(key, []).append(value)
    return multi


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read chunk by chunk and given up on as soon as it passes `limit` bytes (a chunked body
    has no Content-Length to check first). Raises BodyTooLarge."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def proxy_event(request: Request, raw: bytes, resource: str, stage: str = "local") -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    is_text = not raw or content_type.startswith(TEXT_TYPES)
    body: str | None
    if not raw:
        body = None
    elif is_text:
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body, is_text = base64.b64encode(raw).decode("ascii"), False
    else:
        body = base64.b64encode(raw).decode("ascii")
    query = list(request.query_params.multi_items())
    headers = list(request.headers.items())
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": request.url.path,
        "httpMethod": request.method,
        "headers": dict(headers) or None,
        "multiValueHeaders": _multi(headers) or None,
        "queryStringParameters": dict(query) or None,
        "multiValueQueryStringParameters": _multi(query) or None,
        "pathParameters": dict(request.path_params) or None,
        "stageVariables": None,
        "requestContext": {
            "requestId": request_id,
            "stage": stage,
            "httpMethod": request.method,
            "path": f"/{stage}{request.url.path}",
            "resourcePath": resource,
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": request.client.host if request.client else "127.0.0.1"},
        },
        "body": body,
        "isBase64Encoded": bool(body) and not is_text,
    }


def http_response(result: dict[str, Any]) -> Response:
    body = result.get("body") or ""
    content = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
    response = Response(content=content, status_code=int(result.get("statusCode", 200)))
    # Lambda may answer with single- and multi-value headers at once; API Gateway merges them.
    pairs = [(k, str(v)) for k, v in (result.get("headers") or {}).items()]
    pairs += [(k, str(v)) for k, values in (result.get("multiValueHeaders") or {}).items() for v in values]
    seen: set[tuple[str, str]] = set()
    for key, value in pairs:
        if (key.lower(), value) not in seen:
            seen.add((key.lower(), value))
            response.headers.append(key, value)
    return response
