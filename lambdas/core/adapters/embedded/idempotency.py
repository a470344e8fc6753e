"""A Powertools idempotency persistence layer on SQLite: the local runtime runs the same idempotency code as
Lambda (DynamoDBPersistenceLayer there), with the same record lifecycle and conditional insert."""

from __future__ import annotations

import sqlite3
import time

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import STATUS_CONSTANTS, DataRecord

from .db import EmbeddedDb

DDL = """
CREATE TABLE IF NOT EXISTS idempotency (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    expiration INTEGER NOT NULL,
    in_progress_expiration INTEGER,
    data TEXT NOT NULL DEFAULT '',
    validation TEXT NOT NULL DEFAULT ''
);
"""


class SqlitePersistenceLayer(BasePersistenceLayer):
    def __init__(self, db: EmbeddedDb) -> None:
        super().__init__()
        self._db = db
        db.ensure_schema(DDL)

    @staticmethod
    def _record(row: sqlite3.Row) -> DataRecord:
        return DataRecord(
            idempotency_key=row["id"],
            status=row["status"],
            expiry_timestamp=row["expiration"],
            in_progress_expiry_timestamp=row["in_progress_expiration"],
            response_data=row["data"],
            payload_hash=row["validation"],
        )

    def _get_record(self, idempotency_key: str) -> DataRecord:
        row = self._db.connection().execute("SELECT * FROM idempotency WHERE id = ?", (idempotency_key,)).fetchone()
        if row is None:
            raise IdempotencyItemNotFoundError
        return self._record(row)

    def _put_record(self, data_record: DataRecord) -> None:
        now = time.time()
        with self._db.transaction() as conn:
            row = conn.execute("SELECT * FROM idempotency WHERE id = ?", (data_record.idempotency_key,)).fetchone()
            if row is not None:
                # The same conditions as the DynamoDB layer's conditional put: replace only an expired record or
                # an in-progress one whose invocation ran out of time.
                expired = row["expiration"] < int(now)
                stale = (
                    row["status"] == STATUS_CONSTANTS["INPROGRESS"]
                    and row["in_progress_expiration"] is not None
                    and row["in_progress_expiration"] < int(now * 1000)
                )
                if not (expired or stale):
                    raise IdempotencyItemAlreadyExistsError(old_data_record=self._record(row))
            conn.execute(
                "INSERT OR REPLACE INTO idempotency (id, status, expiration, in_progress_expiration, validation) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    data_record.idempotency_key,
                    data_record.status,
                    data_record.expiry_timestamp,
                    data_record.in_progress_expiry_timestamp,
                    data_record.payload_hash if self.payload_validation_enabled else "",
                ),
            )

    def _update_record(self, data_record: DataRecord) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE idempotency SET data = ?, expiration = ?, status = ? WHERE id = ?",
                (
                    data_record.response_data,
                    data_record.expiry_timestamp,
                    data_record.status,
                    data_record.idempotency_key,
                ),
            )

    def _delete_record(self, data_record: DataRecord) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM idempotency WHERE id = ?", (data_record.idempotency_key,))
