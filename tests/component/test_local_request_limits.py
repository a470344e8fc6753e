"""The local runtime reads request bodies up to API Gateway's 10 MB and stops there, chunked or not."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx

from local.server import MAX_BODY_BYTES, create_app
from tests.helpers import new_session_id

CHUNK = 64 * 1024


class CountedStream:
    """A chunked request body of `total` bytes that counts how many bytes the server pulled from it."""

    def __init__(self, total: int, chunk: bytes) -> None:
        self.total, self.chunk, self.pulled = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += len(self.chunk)
            yield self.chunk


def put_resume(content: object, headers: dict[str, str] | None = None) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app())  # no lifespan: no background pollers
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.put(f"/api/resume/{new_session_id()}", content=content, headers=headers)  # type: ignore[arg-type]

    return asyncio.run(send())


def test_a_chunked_200_mb_body_is_read_only_up_to_the_limit(embedded_env):
    stream = CountedStream(200 * 1024 * 1024, b'{"text":"' + b"x" * (CHUNK - 9))
    response = put_resume(stream, {"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"error": "payload_too_large", "message": "Request bodies are limited to 10 MB."}
    assert stream.pulled <= MAX_BODY_BYTES + CHUNK


def test_a_declared_oversize_body_is_refused_before_reading(embedded_env):
    stream = CountedStream(MAX_BODY_BYTES + 1, b"x" * CHUNK)
    headers = {"content-type": "application/json", "content-length": str(MAX_BODY_BYTES + 1)}
    response = put_resume(stream, headers)
    assert response.status_code == 413 and stream.pulled == 0


def test_a_chunked_body_under_the_limit_is_read_whole(embedded_env):
    body = json.dumps({"text": "Jane Doe\n" * 1000}).encode()
    stream = CountedStream(len(body), body)
    response = put_resume(stream, {"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["saved"] is True
