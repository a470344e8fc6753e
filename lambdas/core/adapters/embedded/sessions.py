"""Hot session state in SQLite, with the semantics of the DynamoDB adapter (versions, TTL, one row a message)."""

from __future__ import annotations

import sqlite3

from ...clock import now_ms
from ...errors import NO_SUCH_SESSION, NotFound, VersionConflict
from ...models.session import ChatMessage, ResumeDoc, suggestions_from_json, suggestions_json
from ...ports.sessions import NoHotCopy
from ...schema import RESUME_ITEM_KEY, chat_item_key
from .changes import CHANGES_DDL, record_change
from .db import EmbeddedDb, expires_at, unexpired

DDL = (
    CHANGES_DDL
    + """
CREATE TABLE IF NOT EXISTS resumes (
    session_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chat_messages (
    session_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    id TEXT NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    ts INTEGER NOT NULL,
    action TEXT,
    expires_at INTEGER NOT NULL,
    suggestions TEXT,
    PRIMARY KEY (session_id, item_key)
);
"""
)
# Databases written before suggestions were stored as data, or before accounts, gain the column (NULL: none).
MIGRATIONS = {"chat_messages": {"suggestions": "TEXT"}, "resumes": {"owner": "TEXT"}}
# After the migrations (an older file has no owner column to index before them).
OWNER_INDEX_DDL = """
CREATE INDEX IF NOT EXISTS resumes_by_owner ON resumes (owner, updated_at) WHERE owner IS NOT NULL;
"""
# An owned resume does not expire (DynamoDB: no TTL attribute); rows keep expires_at NOT NULL with this.
NEVER_EXPIRES = 2**62


class EmbeddedSessionStore:
    def __init__(self, db: EmbeddedDb, ttl_days: int) -> None:
        self._db = db
        self._ttl_s = ttl_days * 86400
        db.ensure_schema(DDL)
        db.ensure_columns(MIGRATIONS)
        db.ensure_schema(OWNER_INDEX_DDL)

    def _expires_at(self) -> int:
        return expires_at(self._ttl_s)

    def _current(self, conn: sqlite3.Connection, session_id: str) -> ResumeDoc | None:
        row = conn.execute(
            "SELECT text, version, updated_at, owner FROM resumes WHERE session_id = :session_id AND expires_at > :now",
            unexpired(session_id=session_id),
        ).fetchone()
        return _resume(row) if row else None

    def _put(self, conn: sqlite3.Connection, session_id: str, doc: ResumeDoc) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO resumes (session_id, text, version, updated_at, expires_at, owner) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                session_id,
                doc.text,
                doc.version,
                doc.updatedAt,
                NEVER_EXPIRES if doc.owner else self._expires_at(),
                doc.owner,
            ),
        )

    def get_resume(self, session_id: str) -> ResumeDoc | None:
        return self._current(self._db.connection(), session_id)

    def save_resume(
        self,
        session_id: str,
        text: str,
        base_version: int | None,
        updated_at: str,
        owner: str | None = None,
        *,
        create: bool = True,
    ) -> int:
        with self._db.transaction() as conn:
            current = self._current(conn, session_id)
            if current is None and base_version is None and not create:
                raise NoHotCopy
            if current is not None and current.owner is not None and current.owner != owner:
                raise NotFound(NO_SUCH_SESSION)  # before the version: never another person's version or text
            stored = current.version if current else 0
            if base_version is not None and base_version != stored:
                raise VersionConflict(stored, current.text if current else "")
            # A signed-in writer's session is theirs (it had no owner, or was theirs already).
            self._put(conn, session_id, ResumeDoc(text=text, version=stored + 1, updatedAt=updated_at, owner=owner))
            record_change(conn, session_id, RESUME_ITEM_KEY, current is not None, now_ms())
        return stored + 1

    def restore_resume(self, session_id: str, doc: ResumeDoc) -> bool:
        with self._db.transaction() as conn:
            if self._current(conn, session_id) is not None:
                return False
            self._put(conn, session_id, doc)
            record_change(conn, session_id, RESUME_ITEM_KEY, False, now_ms())
        return True

    def claim(self, session_id: str, owner: str) -> bool:
        with self._db.transaction() as conn:
            current = self._current(conn, session_id)
            if current is None or current.owner not in (None, owner):
                return False
            self._put(conn, session_id, current.model_copy(update={"owner": owner}))
            record_change(conn, session_id, RESUME_ITEM_KEY, True, now_ms())
        return True

    def list_owned(self, owner: str, limit: int) -> list[tuple[str, ResumeDoc]]:
        rows = (
            self._db.connection()
            .execute(
                "SELECT session_id, text, version, updated_at, owner FROM resumes "
                "WHERE owner = :owner AND expires_at > :now ORDER BY updated_at DESC LIMIT :limit",
                unexpired(owner=owner, limit=limit),
            )
            .fetchall()
        )
        return [(r["session_id"], _resume(r)) for r in rows]

    def _insert_message(
        self, conn: sqlite3.Connection, session_id: str, m: ChatMessage, verb: str, owned: bool
    ) -> None:
        conn.execute(
            f"{verb} INTO chat_messages (session_id, item_key, id, role, text, ts, action, expires_at, suggestions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                chat_item_key(m.ts, m.id),
                m.id,
                m.role,
                m.text,
                m.ts,
                m.action,
                NEVER_EXPIRES if owned else self._expires_at(),
                suggestions_json(m.suggestions) if m.suggestions else None,
            ),
        )
        record_change(conn, session_id, chat_item_key(m.ts, m.id), False, now_ms())

    def append_message(self, session_id: str, message: ChatMessage, *, owned: bool = False) -> None:
        with self._db.transaction() as conn:
            self._insert_message(conn, session_id, message, "INSERT", owned)

    def restore_messages(self, session_id: str, messages: list[ChatMessage], *, owned: bool = False) -> None:
        with self._db.transaction() as conn:
            for message in messages:
                self._insert_message(conn, session_id, message, "INSERT OR REPLACE", owned)

    def list_messages(self, session_id: str, limit: int | None = None) -> list[ChatMessage]:
        rows = (
            self._db.connection()
            .execute(
                "SELECT id, role, text, ts, action, suggestions FROM chat_messages "
                "WHERE session_id = :session_id AND expires_at > :now ORDER BY item_key DESC LIMIT :limit",
                unexpired(session_id=session_id, limit=-1 if limit is None else limit),
            )
            .fetchall()
        )
        messages = [
            ChatMessage(
                id=r["id"],
                role=r["role"],
                text=r["text"],
                ts=r["ts"],
                action=r["action"],
                suggestions=suggestions_from_json(r["suggestions"]),
            )
            for r in rows
        ]
        return messages[::-1]


def _resume(row: sqlite3.Row) -> ResumeDoc:
    return ResumeDoc(text=row["text"], version=row["version"], updatedAt=row["updated_at"], owner=row["owner"])
