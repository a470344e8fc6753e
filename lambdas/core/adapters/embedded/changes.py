"""The embedded store's change feed: what the DynamoDB stream is in AWS.

Every hot write adds a row here in the same transaction (`record_change`); the local runtime reads them in order
(`ChangeFeed.pending`), hands them to the snapshot function as stream records and deletes what it handled."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .db import EmbeddedDb

CHANGES_DDL = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    event_name TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
"""


def record_change(conn: sqlite3.Connection, session_id: str, item_key: str, existed: bool, now_ms: int) -> None:
    conn.execute(
        "INSERT INTO changes (session_id, item_key, event_name, created_ms) VALUES (?, ?, ?, ?)",
        (session_id, item_key, "MODIFY" if existed else "INSERT", now_ms),
    )


@dataclass(frozen=True)
class Change:
    seq: int
    session_id: str
    item_key: str
    event_name: str  # INSERT | MODIFY, as in a stream record
    created_ms: int


class ChangeFeed:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(CHANGES_DDL)

    def pending(self, limit: int) -> list[Change]:
        """The oldest changes not yet handled, in the order they were written."""
        rows = (
            self._db.connection()
            .execute(
                "SELECT seq, session_id, item_key, event_name, created_ms FROM changes ORDER BY seq LIMIT ?", (limit,)
            )
            .fetchall()
        )
        return [Change(**dict(row)) for row in rows]

    def handled_below(self, seq: int) -> None:
        """Every change before `seq` is done with."""
        self._db.connection().execute("DELETE FROM changes WHERE seq < ?", (seq,))
