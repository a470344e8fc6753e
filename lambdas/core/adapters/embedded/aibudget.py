"""The monthly AI call counter in SQLite, with the semantics of the DynamoDB counter (refused at the limit,
atomic)."""

from __future__ import annotations

from ...ports.aibudget import Month
from .db import EmbeddedDb

DDL = """
CREATE TABLE IF NOT EXISTS ai_calls (
    month TEXT PRIMARY KEY,
    calls INTEGER NOT NULL
);
"""


class EmbeddedAiCallCounter:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(DDL)

    def count(self, month: Month, limit: int) -> int | None:
        with self._db.transaction() as conn:  # BEGIN IMMEDIATE: read-check-write is atomic across processes
            row = conn.execute("SELECT calls FROM ai_calls WHERE month = ?", (month.key,)).fetchone()
            calls = row["calls"] if row is not None else 0
            if calls >= limit:
                return None
            conn.execute(
                "INSERT INTO ai_calls (month, calls) VALUES (?, 1) ON CONFLICT (month) DO UPDATE SET calls = calls + 1",
                (month.key,),
            )
        return int(calls) + 1

    def counted(self, month: Month) -> int:
        row = self._db.connection().execute("SELECT calls FROM ai_calls WHERE month = ?", (month.key,)).fetchone()
        return int(row["calls"]) if row is not None else 0
