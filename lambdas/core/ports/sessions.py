from __future__ import annotations

from typing import Protocol

from ..models.session import ChatMessage, ResumeDoc, ShareRecord, SnapshotMeta, SnapshotPayload


class NoHotCopy(Exception):
    """A last-writer-wins save found no stored resume and was told not to create one: the session may live on in
    its snapshot, whose owner must decide first (`SessionService.save_resume`)."""


class SessionStore(Protocol):
    """Hot state of sessions: the resume (one item) and chat messages (one item each)."""

    def get_resume(self, session_id: str) -> ResumeDoc | None: ...

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
        """Write the text in one storage call and return the new version.

        `base_version` None: last writer wins. Otherwise the write succeeds only if the stored version equals it
        (0 = no resume stored yet), else `VersionConflict` carrying what is stored.
        `owner` (the signed-in writer, None when anonymous) is part of the same write's condition: a session
        owned by anyone else is `NotFound` (checked before the version, so a stranger learns nothing); a session
        without owner written by a signed-in person becomes theirs. An owned resume does not expire.
        `create` False: a last-writer-wins save with no resume stored raises `NoHotCopy` instead of creating one
        (a versioned save with `base_version` 0 always creates)."""
        ...

    def claim(self, session_id: str, owner: str) -> bool:
        """Make the stored resume `owner`'s if it has no owner; True when it is theirs now, False when it is
        another person's or no resume is stored."""
        ...

    def list_owned(self, owner: str, limit: int) -> list[tuple[str, ResumeDoc]]:
        """(session id, resume) of the person's sessions, most recently saved first."""
        ...

    def restore_resume(self, session_id: str, doc: ResumeDoc) -> bool:
        """Put a rehydrated resume back only if no hot copy exists; False when one appeared meanwhile."""
        ...

    def append_message(self, session_id: str, message: ChatMessage, *, owned: bool = False) -> None:
        """`owned`: the session has an owner, whose messages do not expire (like the resume: an owned session is
        never rehydrated after idling, so what expired would be missing from it)."""
        ...

    def restore_messages(self, session_id: str, messages: list[ChatMessage], *, owned: bool = False) -> None: ...

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


class ShareStore(Protocol):
    """Read-only links to snapshots. Reading one by its id is a single storage read (it is public)."""

    def put(self, share: ShareRecord) -> None: ...

    def get(self, share_id: str) -> ShareRecord | None: ...

    def list_for_session(self, session_id: str, limit: int) -> list[ShareRecord]:
        """Newest first."""
        ...

    def delete(self, share_id: str) -> None: ...
