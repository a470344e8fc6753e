"""Optimize job records in SQLite, with the DynamoDB adapter's compare-and-set on the version."""

from __future__ import annotations

import sqlite3

from ...models.jobs import JobRecord
from .db import EmbeddedDb, unexpired

DDL = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    session_id TEXT,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_session ON jobs (session_id, created_at) WHERE session_id IS NOT NULL;
"""


class EmbeddedJobStore:
    def __init__(self, db: EmbeddedDb) -> None:
        self._db = db
        db.ensure_schema(DDL)

    @staticmethod
    def _read(conn: sqlite3.Connection, job_id: str) -> JobRecord | None:
        row = conn.execute(
            "SELECT record FROM jobs WHERE job_id = :job_id AND expires_at > :now", unexpired(job_id=job_id)
        ).fetchone()
        return JobRecord.model_validate_json(row["record"]) if row else None

    def get(self, job_id: str) -> JobRecord | None:
        return self._read(self._db.connection(), job_id)

    def put_if_version(self, job: JobRecord, expected_version: int) -> bool:
        with self._db.transaction() as conn:
            current = self._read(conn, job.jobId)
            if (current.version if current else 0) != expected_version:
                return False
            conn.execute(
                "INSERT OR REPLACE INTO jobs (job_id, session_id, created_at, expires_at, record) "
                "VALUES (?, ?, ?, ?, ?)",
                (job.jobId, job.jobSessionId, job.createdAt, job.expiresAt, job.model_dump_json(exclude_none=True)),
            )
        return True

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        rows = (
            self._db.connection()
            .execute(
                "SELECT record FROM jobs WHERE session_id = :session_id AND expires_at > :now "
                "ORDER BY created_at DESC LIMIT :limit",
                unexpired(session_id=session_id, limit=limit),
            )
            .fetchall()
        )
        return [JobRecord.model_validate_json(r["record"]) for r in rows]
