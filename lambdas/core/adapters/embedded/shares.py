"""Read-only links in SQLite, as the DynamoDB adapter keeps them (no expiry: a link lives until it is revoked)."""

from __future__ import annotations

import sqlite3

from ...models.session import ShareRecord
from .db import EmbeddedDb

DDL = """
CREATE TABLE IF NOT EXISTS shares (
    share_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resume TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shares_by_session ON shares (session_id, created_at);
"""


def _share(row: sqlite3.Row) -> ShareRecord:
    return ShareRecord(
        shareId=row["share_id"],
        sessionId=row["session_id"],
        snapshotId=row["snapshot_id"],
        createdAt=row["created_at"],
        resume=row["resume"],
    )


class EmbeddedShareStore:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(DDL)

    def put(self, share: ShareRecord) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO shares (share_id, session_id, snapshot_id, created_at, resume) "
                "VALUES (?, ?, ?, ?, ?)",
                (share.shareId, share.sessionId, share.snapshotId, share.createdAt, share.resume),
            )

    def get(self, share_id: str) -> ShareRecord | None:
        row = self._db.connection().execute("SELECT * FROM shares WHERE share_id = ?", (share_id,)).fetchone()
        return _share(row) if row else None

    def list_for_session(self, session_id: str, limit: int) -> list[ShareRecord]:
        rows = (
            self._db.connection()
            .execute("SELECT * FROM shares WHERE session_id = ? ORDER BY created_at DESC LIMIT ?", (session_id, limit))
            .fetchall()
        )
        return [_share(r) for r in rows]

    def delete(self, share_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM shares WHERE share_id = ?", (share_id,))
