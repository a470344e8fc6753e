"""Per-caller rate limits in SQLite, with the semantics of the DynamoDB counter (fixed window, atomic)."""

from __future__ import annotations

import time

from ...ports.ratelimit import Window
from ...schema import rate_limit_item_key
from .db import EmbeddedDb

# Counters were kept per session in `rate_limits` before they were per caller; they last a window, so an older
# database file's table is dropped rather than migrated.
DDL = """
DROP TABLE IF EXISTS rate_limits;
CREATE TABLE IF NOT EXISTS rate_counters (
    rate_key TEXT NOT NULL,
    item_key TEXT NOT NULL,
    hits INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (rate_key, item_key)
);
CREATE INDEX IF NOT EXISTS rate_counters_expiry ON rate_counters (expires_at);
"""


class EmbeddedRateLimiter:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(DDL)

    def hit(self, rate_key: str, scope: str, limit: int, window_s: int) -> int | None:
        now = time.time()
        window = Window.at(now, window_s)
        key = rate_limit_item_key(scope, window.number)
        with self._db.transaction() as conn:  # BEGIN IMMEDIATE: read-check-write is atomic across processes
            conn.execute("DELETE FROM rate_counters WHERE expires_at < ?", (int(now),))
            row = conn.execute(
                "SELECT hits FROM rate_counters WHERE rate_key = ? AND item_key = ?", (rate_key, key)
            ).fetchone()
            if row is not None and row["hits"] >= limit:
                return window.retry_after_s
            conn.execute(
                "INSERT INTO rate_counters (rate_key, item_key, hits, expires_at) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (rate_key, item_key) DO UPDATE SET hits = hits + 1",
                (rate_key, key, window.counter_expires_at(window_s)),
            )
        return None
