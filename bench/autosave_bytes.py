"""Bytes written per autosave, for 2, 6 and 20 KB resumes.

DynamoDB: the item the adapter writes (captured from the PutItem request), its size by DynamoDB's rules and the
write units that implies (1 WCU per started KB), next to the same item stored uncompressed - the adapter
zlib-compresses text over 1 KB into a Binary attribute. Embedded store: bytes the process passed to write()
(SQLite WAL frames, fsync'd) per save, from /proc/self/io.
"""

from __future__ import annotations

import base64
import json
import math
import tempfile
import uuid
from pathlib import Path
from typing import Any

from loadtest.texts import resume_text

SIZES_KB = (2, 6, 20)
SAVES_PER_SIZE = 20


def dynamodb_value_size(value: dict[str, Any]) -> int:
    """Size of one attribute value as DynamoDB bills it (strings and binary by length, numbers by digits)."""
    kind, raw = next(iter(value.items()))
    if kind == "S":
        return len(raw.encode("utf-8"))
    if kind == "B":
        return len(base64.b64decode(raw))
    if kind == "N":
        digits = raw.lstrip("-").replace(".", "").strip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    return 1  # BOOL, NULL


def dynamodb_item_size(item: dict[str, dict[str, Any]]) -> int:
    return sum(len(name.encode("utf-8")) + dynamodb_value_size(value) for name, value in item.items())


def write_units(size_bytes: int) -> int:
    return max(1, math.ceil(size_bytes / 1024))


def dynamodb_autosave(text: str) -> dict[str, Any]:
    """Save `text` through the DynamoDB adapter (under moto) and measure the PutItem it sends."""
    from core.adapters.aws.clients import client
    from core.adapters.aws.sessions import DynamoSessionStore
    from core.config import get_settings

    captured: list[bytes] = []

    def capture(params: dict[str, Any], **_: Any) -> None:
        captured.append(params["body"])

    ddb = client("dynamodb")
    ddb.meta.events.register("before-call.dynamodb.PutItem", capture)
    try:
        store = DynamoSessionStore(get_settings().ddb_table, 30, get_settings().retry_after_s)
        store.save_resume(str(uuid.uuid4()), text, 0, "2025-01-01T00:00Z")
    finally:
        ddb.meta.events.unregister("before-call.dynamodb.PutItem", capture)
    item = json.loads(captured[-1])["Item"]
    plain = {k: v for k, v in item.items() if k != "textZ"} | {"text": {"S": text}}
    size, plain_size = dynamodb_item_size(item), dynamodb_item_size(plain)
    return {
        "stored": "textZ (zlib, Binary)" if "textZ" in item else "text (String)",
        "itemBytes": size,
        "wcu": write_units(size),
        "uncompressedItemBytes": plain_size,
        "uncompressedWcu": write_units(plain_size),
        "requestBytes": len(captured[-1]),
    }


def _process_write_bytes() -> int | None:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def embedded_autosave(text: str) -> int | None:
    """Average bytes written per versioned save of the embedded store (SQLite WAL, synchronous=FULL)."""
    from core.adapters.embedded.db import EmbeddedDb
    from core.adapters.embedded.sessions import EmbeddedSessionStore

    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedSessionStore(EmbeddedDb(Path(folder) / "bench.db"), 30)
        session = str(uuid.uuid4())
        store.save_resume(session, text, 0, "2025-01-01T00:00Z")
        before = _process_write_bytes()
        for version in range(1, SAVES_PER_SIZE + 1):
            store.save_resume(session, text + f" {version}", version, "2025-01-01T00:00Z")
        after = _process_write_bytes()
    return None if before is None or after is None else (after - before) // SAVES_PER_SIZE


def measure_autosave_bytes() -> list[dict[str, Any]]:
    """Call with the AWS environment (mock_aws + provisioned) ready."""
    rows = []
    for kb in SIZES_KB:
        text = resume_text(kb * 1024, seed=kb)
        rows.append(
            {"resumeKb": kb, "textBytes": len(text.encode())}
            | dynamodb_autosave(text)
            | {"embeddedBytesPerSave": embedded_autosave(text)}
        )
    return rows
