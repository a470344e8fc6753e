"""A SQLite database file shared by the embedded adapters: one connection per thread, WAL, durable commits."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .private import make_private, private_dir

# DynamoDB's TTL, in one place: rows of the hot tables carry `expires_at` (epoch seconds, from `expires_at()`), and
# every read of them filters with `expires_at > :now`, its parameters from `unexpired(...)`, so a row past its TTL
# reads as absent. DynamoDB deletes such items some time later; nothing may count on seeing them meanwhile, so
# absent at once is the safe reading.


def epoch_s() -> int:
    return int(time.time())


def unexpired(**params: object) -> dict[str, object]:
    """Named parameters for a query filtering with `expires_at > :now`."""
    return {**params, "now": epoch_s()}


def expires_at(ttl_s: int) -> int:
    return epoch_s() + ttl_s


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

    def ensure_columns(self, columns: dict[str, dict[str, str]]) -> None:
        """Add the columns an older database file lacks (SQLite has no ADD COLUMN IF NOT EXISTS)."""
        with self._ddl_lock:
            conn = self.connection()
            for table, wanted in columns.items():
                present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
                for name, kind in wanted.items():
                    if name not in present:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

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
