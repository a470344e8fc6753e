"""Identifiers. Session, job and share ids are UUIDv4 strings: they are capabilities, so anything else is refused
before any storage is touched."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
import uuid

from .config import get_settings
from .errors import BadRequest

# What `require_uuid4` accepts, as a regular expression for the API description (any letter case).
UUID4_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
# Embedded snapshot ids (`sortable_id`) and S3 version ids (opaque, URL-ready; AWS documents examples with
# "+") both fit in one path segment of this alphabet.
SNAPSHOT_ID_PATTERN = r"^[A-Za-z0-9._+=-]{1,1024}$"
# The kind of id each request field or parameter carries, wherever it appears in the API.
ID_PATTERNS = {
    "sessionId": UUID4_PATTERN,
    "jobId": UUID4_PATTERN,
    "shareId": UUID4_PATTERN,
    "snapshotId": SNAPSHOT_ID_PATTERN,
}


def require_uuid4(value: str, name: str) -> str:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise BadRequest(f"{name} must be a UUIDv4 string", field=name) from None
    if parsed.version != 4 or str(parsed) != value.lower():
        raise BadRequest(f"{name} must be a UUIDv4 string", field=name)
    return str(parsed)


def log_id(value: str) -> str:
    """What logs carry for a session, job or export id: a keyed hash. The same id gives the same hash within one
    deployment, so one session's lines can be followed, but a hash opens nothing and cannot be turned back."""
    settings = get_settings()
    key = settings.log_id_key.get_secret_value() if settings.log_id_key else f"local:{settings.data_dir.absolute()}"
    return hmac.new(key.encode(), value.lower().encode(), hashlib.sha256).hexdigest()[:16]


def is_snapshot_id(value: str) -> bool:
    return re.fullmatch(SNAPSHOT_ID_PATTERN, value) is not None


def new_uuid4() -> str:
    return str(uuid.uuid4())


def sortable_id(now_ms: int | None = None) -> str:
    """13-digit epoch milliseconds + 8 random hex chars: sorts by time, never collides in one millisecond."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    return f"{ms:013d}{os.urandom(4).hex()}"
