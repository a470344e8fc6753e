"""A durable job queue in SQLite with SQS semantics: visibility timeout, receive count, dead-lettering.

Messages survive restarts (they live in DATA_DIR); a message received but not deleted becomes visible again
after its visibility timeout, and one received `max_receives` times without being deleted moves to the
dead-letter queue instead of being delivered again (as an SQS redrive policy does).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass

from ...clock import now_ms
from .db import EmbeddedDb

# One table holds both queues: the job queue ("jobs") and its dead-letter queue ("dead").
DDL = """
CREATE TABLE IF NOT EXISTS job_queue (
    message_id TEXT PRIMARY KEY,
    queue TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_ms INTEGER NOT NULL,
    visible_at_ms INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    first_receive_ms INTEGER,
    receipt_handle TEXT
);
CREATE INDEX IF NOT EXISTS job_queue_visible ON job_queue (queue, visible_at_ms, sent_ms);
"""
JOBS, DEAD = "jobs", "dead"


@dataclass(frozen=True)
class QueueMessage:
    message_id: str
    receipt_handle: str
    body: str
    sent_ms: int
    receive_count: int
    first_receive_ms: int

    def sqs_record(self, source_arn: str) -> dict:
        """The message as a record of an SQS event, as Lambda's event source mapping delivers it."""
        return {
            "messageId": self.message_id,
            "receiptHandle": self.receipt_handle,
            "body": self.body,
            "attributes": {
                "ApproximateReceiveCount": str(self.receive_count),
                "SentTimestamp": str(self.sent_ms),
                "SenderId": "local",
                "ApproximateFirstReceiveTimestamp": str(self.first_receive_ms),
            },
            "messageAttributes": {},
            "md5OfBody": hashlib.md5(self.body.encode("utf-8"), usedforsecurity=False).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": source_arn,
            "awsRegion": "local",
        }


class EmbeddedJobQueue:
    def __init__(self, db: EmbeddedDb, visibility_s: int, max_receives: int) -> None:
        self._db = db
        self.visibility_s = visibility_s
        self.max_receives = max_receives
        db.ensure_schema(DDL)

    # ------------------------------------------------------------ the JobQueue port (what handlers use)

    def send(self, job_id: str) -> None:
        now = now_ms()
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO job_queue (message_id, queue, body, sent_ms, visible_at_ms) VALUES (?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), JOBS, json.dumps({"jobId": job_id}), now, now),
            )

    def retry_later(self, receipt_handle: str, delay_s: int) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE job_queue SET visible_at_ms = ? WHERE receipt_handle = ?",
                (now_ms() + delay_s * 1000, receipt_handle),
            )

    # ------------------------------------------------------------ the consumer side (the local poller)

    def receive(self, max_messages: int = 1, queue: str = JOBS) -> list[QueueMessage]:
        """Receive visible messages, hiding them for the visibility timeout. On the job queue, a message that
        has used all its receives moves to the dead-letter queue instead (the dead-letter queue has no limit)."""
        now = now_ms()
        received: list[QueueMessage] = []
        with self._db.transaction() as conn:
            if queue == JOBS:
                conn.execute(
                    "UPDATE job_queue SET queue = ?, receive_count = 0, first_receive_ms = NULL, "
                    "receipt_handle = NULL WHERE queue = ? AND visible_at_ms <= ? AND receive_count >= ?",
                    (DEAD, JOBS, now, self.max_receives),
                )
            rows = conn.execute(
                "SELECT * FROM job_queue WHERE queue = ? AND visible_at_ms <= ? ORDER BY sent_ms LIMIT ?",
                (queue, now, max_messages),
            ).fetchall()
            for row in rows:
                receipt = os.urandom(16).hex()
                first = row["first_receive_ms"] or now
                conn.execute(
                    "UPDATE job_queue SET visible_at_ms = ?, receive_count = receive_count + 1, "
                    "first_receive_ms = ?, receipt_handle = ? WHERE message_id = ?",
                    (now + self.visibility_s * 1000, first, receipt, row["message_id"]),
                )
                received.append(
                    QueueMessage(
                        row["message_id"], receipt, row["body"], row["sent_ms"], row["receive_count"] + 1, first
                    )
                )
        return received

    def delete(self, receipt_handle: str) -> bool:
        """Delete a received message; False when the receipt is stale (it was received again meanwhile)."""
        with self._db.transaction() as conn:
            return conn.execute("DELETE FROM job_queue WHERE receipt_handle = ?", (receipt_handle,)).rowcount > 0

    def release_in_flight(self) -> int:
        """Make every received-but-undeleted message visible now. Only for a consumer starting up that is the
        queue's sole consumer: whatever was in flight belonged to a process that is gone."""
        with self._db.transaction() as conn:
            return conn.execute(
                "UPDATE job_queue SET visible_at_ms = ? WHERE receipt_handle IS NOT NULL AND visible_at_ms > ?",
                (now_ms(), now_ms()),
            ).rowcount

    def depth(self) -> dict[str, int]:
        """Messages per queue: visible now and in flight (received, not yet deleted)."""
        now = now_ms()
        rows = (
            self._db.connection()
            .execute(
                "SELECT queue, SUM(visible_at_ms <= ?) AS visible, SUM(visible_at_ms > ?) AS in_flight "
                "FROM job_queue GROUP BY queue",
                (now, now),
            )
            .fetchall()
        )
        out = {"visible": 0, "inFlight": 0, "deadLetters": 0}
        for row in rows:
            if row["queue"] == JOBS:
                out["visible"], out["inFlight"] = row["visible"], row["in_flight"]
            else:
                out["deadLetters"] = row["visible"] + row["in_flight"]
        return out
