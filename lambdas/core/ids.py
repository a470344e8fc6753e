"""Identifiers. Session and job ids are UUIDv4 strings: they are capabilities, so anything else is refused
before any storage is touched."""

from __future__ import annotations

import os
import time
import uuid

from .errors import BadRequest


def require_uuid4(value: str, name: str) -> str:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise BadRequest(f"{name} must be a UUIDv4 string", field=name) from None
    if parsed.version != 4 or str(parsed) != value.lower():
        raise BadRequest(f"{name} must be a UUIDv4 string", field=name)
    return str(parsed)


def new_uuid4() -> str:
    return str(uuid.uuid4())


def sortable_id(now_ms: int | None = None) -> str:
    """13-digit epoch milliseconds + 8 random hex chars: sorts by time, never collides in one millisecond."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    return f"{ms:013d}{os.urandom(4).hex()}"
