"""Who may use a session: its owner only, or, while it has none, anyone holding its id (the id is a capability).

Everyone else gets the answer a session that does not exist gets (404): an id alone never tells a stranger that
somebody's resume is behind it."""

from __future__ import annotations

from ..auth import Caller
from ..errors import NO_SUCH_SESSION, NotFound
from ..models.session import ResumeDoc
from ..ports.sessions import SessionStore, SnapshotStore


def may_use(owner: str | None, caller: Caller) -> bool:
    return owner is None or owner == caller.owner


def require_use(owner: str | None, caller: Caller) -> None:
    if not may_use(owner, caller):
        raise NotFound(NO_SUCH_SESSION)


class SessionAccess:
    def __init__(self, store: SessionStore, snapshots: SnapshotStore) -> None:
        self._store = store
        self._snapshots = snapshots

    def owner_of(self, session_id: str, hot: ResumeDoc | None = None) -> str | None:
        """The session's owner: the hot resume's (`hot`, when the caller has read it already), else that of the
        newest snapshot (the hot copy expired or was lost; rehydration will restore this owner)."""
        doc = hot if hot is not None else self._store.get_resume(session_id)
        if doc is not None:
            return doc.owner
        snapshot = self._snapshots.latest(session_id)
        return snapshot.owner if snapshot else None

    def require(self, session_id: str, caller: Caller, hot: ResumeDoc | None = None) -> None:
        require_use(self.owner_of(session_id, hot), caller)
