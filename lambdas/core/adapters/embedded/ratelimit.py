"""Per-session rate limits in SQLite, with the semantics of the DynamoDB counter (fixed window, atomic)."""

from __future__ import annotations

import time

from ...ports.ratelimit import Window
from ...schema import rate_limit_item_key
from .db import EmbeddedDb

DDL = """
CREATE TABLE IF NOT EXISTS rate_limits (
    session_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    hits INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, item_key)
);
CREATE INDEX IF NOT EXISTS rate_limits_expiry ON rate_limits (expires_at);
"""


class EmbeddedRateLimiter:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(DDL)

    def hit(self, session_id: str, scope: str, limit: int, window_s: int) -> int | None:
        now = time.time()
        window = Window.at(now, window_s)
        key = rate_limit_item_key(scope, window.number)
        with self._db.transaction() as conn:  # BEGIN IMMEDIATE: read-check-write is atomic across processes
            conn.execute("DELETE FROM rate_limits WHERE expires_at < ?", (int(now),))
            row = conn.execute(
                "SELECT hits FROM rate_limits WHERE session_id = ? AND item_key = ?", (session_id, key)
            ).fetchone()
            if row is not None and row["hits"] >= limit:
                return window.retry_after_s
            conn.execute(
                "INSERT INTO rate_limits (session_id, item_key, hits, expires_at) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (session_id, item_key) DO UPDATE SET hits = hits + 1",
                (session_id, key, window.counter_expires_at(window_s)),
            )
        return None
