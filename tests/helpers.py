"""Helpers shared by the test tiers: API Gateway events, Lambda context, calling handlers, fault injection."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.awsrequest import AWSResponse

from core.auth import Caller

T = TypeVar("T")

# A caller of the services with nobody signed in (AUTH_MODE=none), from a documentation address (RFC 5737).
ANONYMOUS = Caller(owner=None, source_ip="192.0.2.1")


class FakeLambdaContext:
    function_name = "test-function"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    aws_request_id = "test-request"
    log_group_name = "test"
    log_stream_name = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def api_event(
    method: str,
    path: str,
    body: Any = None,
    *,
    raw_body: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    source_ip: str = "192.0.2.10",
    signed_in: str | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event as the Lambda receives it: from `source_ip`; `signed_in`: the Cognito `sub`
    API Gateway's authorizer verified (AUTH_MODE=cognito), None for an anonymous request."""
    context: dict[str, Any] = {
        "requestId": str(uuid.uuid4()),
        "stage": "test",
        "httpMethod": method,
        "path": path,
        "identity": {"sourceIp": source_ip},
    }
    if signed_in is not None:
        context["authorizer"] = {"claims": {"sub": signed_in, "token_use": "id"}}
    return {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        "pathParameters": None,
        "requestContext": context,
        "body": raw_body if raw_body is not None else (json.dumps(body) if body is not None else None),
        "isBase64Encoded": False,
    }


@dataclass
class ApiResult:
    status: int
    body: Any
    headers: dict[str, str]


def call(handler: Callable[[dict, Any], dict], method: str, path: str, body: Any = None, **kwargs: Any) -> ApiResult:
    out = handler(api_event(method, path, body, **kwargs), FakeLambdaContext())
    headers = {k: v for k, v in (out.get("headers") or {}).items()}
    headers.update({k: vs[-1] for k, vs in (out.get("multiValueHeaders") or {}).items() if vs})
    raw = out.get("body")
    try:
        parsed = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        parsed = raw
    return ApiResult(out["statusCode"], parsed, headers)


def new_session_id() -> str:
    return str(uuid.uuid4())


def at_once(action: Callable[[], T], times: int) -> list[T]:
    """The results of `action` run `times` times, each on its own thread, all started before any is joined."""
    results: list[T] = []
    lock = threading.Lock()

    def run() -> None:
        outcome = action()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@dataclass
class CallLog:
    """AWS API calls seen by a client: (service, operation) in order."""

    calls: list[tuple[str, str]]

    def operations(self, service: str) -> list[str]:
        return [op for svc, op in self.calls if svc == service]


@contextmanager
def record_calls(*clients: Any) -> Iterator[CallLog]:
    log = CallLog([])

    def on_call(model: Any, **_: Any) -> None:
        log.calls.append((model.service_model.service_name, model.name))

    for c in clients:
        c.meta.events.register("before-call", on_call)
    try:
        yield log
    finally:
        for c in clients:
            c.meta.events.unregister("before-call", on_call)


def aws_error_body(code: str, protocol_json: bool) -> tuple[bytes, dict[str, str]]:
    """The body and headers an AWS service answers an error with (JSON protocols like DynamoDB, or XML like S3)."""
    if protocol_json:
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected"})
        return body.encode(), {"x-amzn-errortype": code, "content-type": "application/x-amz-json-1.0"}
    xml = f"<Error><Code>{code}</Code><Message>injected</Message></Error>"
    return xml.encode(), {"content-type": "application/xml"}


@contextmanager
def aws_error(
    aws_client: Any, operations: str | tuple[str, ...], code: str, status: int = 400, body_contains: str = ""
) -> Iterator[list[int]]:
    """Make every HTTP attempt of the `operations` (only those whose request body contains `body_contains`, e.g.
    one item's key) fail with `code`, below the SDK (so its retries still run).

    Under moto's in-process mock every request is also handed to moto, which would apply it (a "failed"
    write that lands anyway): while this is active, this hook answers the failing operation itself and
    passes every other request on to moto. Yields a list that counts the failed attempts."""
    from moto.core.models import botocore_stubber

    targets = {operations} if isinstance(operations, str) else set(operations)
    attempts: list[int] = []
    service = aws_client.meta.service_model
    protocol_json = service.protocol.startswith("json")

    def on_send(request: Any, event_name: str, **kwargs: Any) -> AWSResponse | None:
        if event_name.rsplit(".", 1)[-1] not in targets or not _body_contains(request.body, body_contains):
            return botocore_stubber(event_name=event_name, request=request, **kwargs)
        attempts.append(1)
        body, headers = aws_error_body(code, protocol_json)
        return AWSResponse(request.url, status, headers, _Raw(body))

    events = aws_client.meta.events
    events.unregister("before-send", botocore_stubber)
    events.register_first("before-send", on_send)
    try:
        yield attempts
    finally:
        events.unregister("before-send", on_send)
        events.register("before-send", botocore_stubber)


def _body_contains(body: Any, wanted: str) -> bool:
    """Whether a JSON-protocol request body (str or bytes) contains `wanted`; any body contains ""."""
    if not wanted:
        return True
    sent = body.encode() if isinstance(body, str) else body
    return isinstance(sent, bytes) and wanted.encode() in sent


class _Raw:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, *_: Any) -> bytes:
        data, self._data = self._data, b""
        return data
