from __future__ import annotations

from typing import Protocol

from ..models.session import ChatMessage, ResumeDoc, SnapshotMeta, SnapshotPayload


class SessionStore(Protocol):
    """Hot state of sessions: the resume (one item) and chat messages (one item each)."""

    def get_resume(self, session_id: str) -> ResumeDoc | None: ...

    def save_resume(self, session_id: str, text: str, base_version: int | None, updated_at: str) -> int:
        """Write the text in one storage call and return the new version.

        `base_version` None: last writer wins. Otherwise the write succeeds only if the stored version equals it
        (0 = no resume stored yet), else `VersionConflict` carrying what is stored."""
        ...

    def restore_resume(self, session_id: str, doc: ResumeDoc) -> bool:
        """Put a rehydrated resume back only if no hot copy exists; False when one appeared meanwhile."""
        ...

    def append_message(self, session_id: str, message: ChatMessage) -> None: ...

    def restore_messages(self, session_id: str, messages: list[ChatMessage]) -> None: ...

    def list_messages(self, session_id: str, limit: int | None = None) -> list[ChatMessage]:
        """Messages oldest first; with `limit`, only the newest `limit` of them (one query)."""
        ...


class SnapshotStore(Protocol):
    """Cold copies of sessions. The newest is the rehydration source; older ones are history."""

    def put(self, payload: SnapshotPayload) -> SnapshotMeta: ...

    def latest(self, session_id: str) -> SnapshotPayload | None: ...

    def list(self, session_id: str, limit: int = 100) -> list[SnapshotMeta]:
        """Newest first."""
        ...

    def get(self, session_id: str, snapshot_id: str) -> SnapshotPayload | None: ...
