"""Optimize jobs in SQLite, with the DynamoDB adapter's conditional-write semantics."""

from __future__ import annotations

import sqlite3
import time

from ...models.jobs import JobPatch, JobRecord, JobState
from ...ports.jobs import Claim, Expect
from .db import EmbeddedDb

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
        # Rows past their TTL read as absent, as DynamoDB TTL eventually makes them.
        row = conn.execute(
            "SELECT record FROM jobs WHERE job_id = ? AND expires_at > ?", (job_id, int(time.time()))
        ).fetchone()
        return JobRecord.model_validate_json(row["record"]) if row else None

    @staticmethod
    def _write(conn: sqlite3.Connection, job: JobRecord) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO jobs (job_id, session_id, created_at, expires_at, record) VALUES (?, ?, ?, ?, ?)",
            (job.jobId, job.jobSessionId, job.createdAt, job.expiresAt, job.model_dump_json(exclude_none=True)),
        )

    def create(self, job: JobRecord) -> None:
        with self._db.transaction() as conn:
            if conn.execute("SELECT 1 FROM jobs WHERE job_id = ?", (job.jobId,)).fetchone():
                raise ValueError(f"job {job.jobId} already exists")
            self._write(conn, job)

    def get(self, job_id: str) -> JobRecord | None:
        return self._read(self._db.connection(), job_id)

    def claim(self, job_id: str, claim: Claim, patch: JobPatch) -> tuple[bool, JobRecord | None]:
        with self._db.transaction() as conn:
            job = self._read(conn, job_id)
            if job is None or job.deadlineMs <= claim.now_ms:
                return False, job
            takeover = job.status == JobState.PROCESSING and (
                (job.leaseUntilMs or 0) < claim.now_ms or job.claimMessageId == claim.message_id
            )
            if job.status != JobState.QUEUED and not takeover:
                return False, job
            claimed = job.patched(
                {
                    **patch.fields(),
                    "status": JobState.PROCESSING,
                    "claimId": claim.claim_id,
                    "claimMessageId": claim.message_id,
                    "leaseUntilMs": claim.lease_until_ms,
                    "updatedAt": claim.now_iso,
                    "attempts": job.attempts + 1,
                },
            )
            self._write(conn, claimed)
        return True, claimed

    def update(self, job_id: str, patch: JobPatch, expect: Expect) -> bool:
        with self._db.transaction() as conn:
            job = self._read(conn, job_id)
            if job is None or not meets(job, expect):
                return False
            self._write(conn, job.patched(patch.fields()))
        return True

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        rows = (
            self._db.connection()
            .execute(
                "SELECT record FROM jobs WHERE session_id = ? AND expires_at > ? ORDER BY created_at DESC LIMIT ?",
                (session_id, int(time.time()), limit),
            )
            .fetchall()
        )
        return [JobRecord.model_validate_json(r["record"]) for r in rows]


def meets(job: JobRecord, expect: Expect) -> bool:
    if job.status not in expect.statuses:
        return False
    if expect.claim_id is not None and job.claimId != expect.claim_id:
        return False
    return expect.deadline_passed_at_ms is None or job.deadlineMs <= expect.deadline_passed_at_ms
