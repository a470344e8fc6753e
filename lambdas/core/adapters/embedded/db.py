"""A SQLite database file shared by the embedded adapters: one connection per thread, WAL, durable commits."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .private import make_private, private_dir

# Mirrors the DynamoDB stream the snapshot Lambda consumes: every hot write adds a row in the same
# transaction, and the local runtime feeds these rows to the same stream handler.
CHANGES_DDL = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    event_name TEXT NOT NULL,
    created_ms INTEGER NOT NULL
);
"""


class EmbeddedDb:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._ddl_lock = threading.Lock()
        self._applied: set[str] = set()

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            private_dir(self.path.parent)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            # Before WAL mode creates the -wal and -shm files, which SQLite gives the database file's mode (and
            # those of a run before files were private). The folder is 0700 meanwhile.
            for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                make_private(path)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            # FULL: an acknowledged write is on disk before the answer leaves (survives kill -9 and power loss).
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    def ensure_schema(self, ddl: str) -> None:
        with self._ddl_lock:
            if ddl not in self._applied:
                self.connection().executescript(ddl)
                self._applied.add(ddl)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: the write lock is taken up front, so read-check-write is atomic."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def record_change(conn: sqlite3.Connection, session_id: str, item_key: str, existed: bool, now_ms: int) -> None:
    conn.execute(
        "INSERT INTO changes (session_id, item_key, event_name, created_ms) VALUES (?, ?, ?, ?)",
        (session_id, item_key, "MODIFY" if existed else "INSERT", now_ms),
    )
