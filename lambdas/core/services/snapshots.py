from __future__ import annotations

from datetime import UTC, datetime

from ..auth import Caller
from ..clock import now_iso
from ..errors import BadRequest, NotFound
from ..history import KIND_LABELS, coalesce, describe_change, window_start
from ..ids import is_snapshot_id, log_id, new_uuid4, require_uuid4
from ..models.session import (
    ChatMessage,
    ShareCreated,
    SharedResume,
    ShareList,
    ShareRecord,
    ShareRevoked,
    ShareSummary,
    SnapshotCreated,
    SnapshotList,
    SnapshotMeta,
    SnapshotPayload,
    SnapshotResponse,
)
from ..observability import logger, metrics
from ..ports.sessions import SessionStore, ShareStore, SnapshotStore
from .access import SessionAccess, may_use, require_use

# Entries a snapshot carries about the ones before it (older ones stay readable by id, unlisted).
HISTORY_LIMIT = 100
# Read-only links a session's list shows (newest first).
SHARES_LIMIT = 100
NO_SUCH_SHARE = "No such shared resume (the link may have been revoked)."


class SnapshotService:
    def __init__(self, store: SessionStore, snapshots: SnapshotStore, shares: ShareStore) -> None:
        self._store = store
        self._snapshots = snapshots
        self._shares = shares
        self._access = SessionAccess(store, snapshots)

    def create(self, session_id: str, kind: str = "manual", *, caller: Caller) -> SnapshotCreated:
        session_id = require_uuid4(session_id, "sessionId")
        meta, payload = self._write(session_id, kind, force=True, caller=caller)
        if payload is None or meta is None:
            raise NotFound("This session has nothing to snapshot yet.")
        return SnapshotCreated(
            countMessages=len(payload.chat),
            snapshotId=meta.snapshotId,
            createdAt=meta.createdAt,
            version=payload.version,
        )

    def auto_snapshot(self, session_id: str) -> SnapshotMeta | None:
        """Keep the cold copy fresh after hot writes; writes nothing when the snapshot is already current."""
        meta, _ = self._write(session_id, "auto", force=False)
        if meta is not None:
            metrics.add_metric(name="AutoSnapshot", unit="Count", value=1)
        return meta

    def history(self, session_id: str, *, caller: Caller) -> SnapshotList:
        """Newest first, labelled, automatic snapshots coalesced: read from the newest snapshot's own history."""
        session_id = require_uuid4(session_id, "sessionId")
        self._access.require(session_id, caller)
        newest = self._latest_meta(session_id)
        latest = self._snapshots.latest(session_id) if newest else None
        if newest is None or latest is None or latest.label is None:
            # Nothing yet, or snapshots written before history was kept (they have no label): list the store.
            return SnapshotList(sessionId=session_id, snapshots=self._snapshots.list(session_id))
        entries = [_meta(newest.snapshotId, latest, newest.sizeBytes), *reversed(latest.history)]
        return SnapshotList(sessionId=session_id, snapshots=coalesce(entries))

    def get(self, session_id: str, snapshot_id: str, *, caller: Caller) -> SnapshotResponse:
        payload = self._readable(session_id, snapshot_id, caller)
        # The history list and the window's base text are bookkeeping, not what the person saved.
        return SnapshotResponse(**payload.model_dump(exclude={"history", "windowBase"}), snapshotId=snapshot_id)

    def _readable(self, session_id: str, snapshot_id: str, caller: Caller) -> SnapshotPayload:
        """One snapshot of a session the caller may use. The session's owner today decides (snapshots taken before
        a claim are the claimer's too); one that recorded another owner is never shown either."""
        session_id = require_uuid4(session_id, "sessionId")
        if not is_snapshot_id(snapshot_id):
            raise BadRequest("snapshotId is not a valid snapshot id", field="snapshotId")
        self._access.require(session_id, caller)
        payload = self._snapshots.get(session_id, snapshot_id)
        if payload is None or not may_use(payload.owner, caller):
            raise NotFound("No such snapshot for this session.")
        return payload

    # ------------------------------------------------------------ read-only links

    def share(self, session_id: str, snapshot_id: str, *, caller: Caller) -> ShareCreated:
        """A read-only link to one snapshot's resume text (the text is copied into the link: a public read is one
        storage read, and pruning old snapshots never breaks a link)."""
        payload = self._readable(session_id, snapshot_id, caller)
        share = ShareRecord(
            shareId=new_uuid4(),
            sessionId=payload.sessionId,
            snapshotId=snapshot_id,
            createdAt=now_iso(),
            resume=payload.resume,
        )
        self._shares.put(share)
        logger.info("snapshot shared", extra={"session": log_id(share.sessionId), "share": log_id(share.shareId)})
        metrics.add_metric(name="SnapshotShared", unit="Count", value=1)
        return ShareCreated(**share.model_dump(exclude={"resume"}))

    def shares(self, session_id: str, *, caller: Caller) -> ShareList:
        session_id = require_uuid4(session_id, "sessionId")
        self._access.require(session_id, caller)
        found = self._shares.list_for_session(session_id, SHARES_LIMIT)
        return ShareList(
            shares=[ShareSummary(**s.model_dump(include={"shareId", "snapshotId", "createdAt"})) for s in found]
        )

    def revoke(self, share_id: str, session_id: str, *, caller: Caller) -> ShareRevoked:
        """Whoever may use the shared session may revoke its links, naming the session: a link alone (what its
        readers hold) revokes nothing, even of a session without owner. To anyone else a link does not exist."""
        share_id = require_uuid4(share_id, "shareId")
        session_id = require_uuid4(session_id, "sessionId")
        share = self._shares.get(share_id)
        if share is None or share.sessionId != session_id or not may_use(self._access.owner_of(session_id), caller):
            raise NotFound(NO_SUCH_SHARE)
        self._shares.delete(share_id)
        logger.info("share revoked", extra={"share": log_id(share_id)})
        return ShareRevoked()

    def shared(self, share_id: str) -> SharedResume:
        """The public read of a link: no sign-in, no chat, nothing but the shared text."""
        share_id = require_uuid4(share_id, "shareId")
        share = self._shares.get(share_id)
        if share is None:
            raise NotFound(NO_SUCH_SHARE)
        return SharedResume(shareId=share.shareId, resume=share.resume, createdAt=share.createdAt)

    def _write(
        self, session_id: str, kind: str, force: bool, caller: Caller | None = None
    ) -> tuple[SnapshotMeta | None, SnapshotPayload | None]:
        """`caller` None: the system's own automatic snapshot; else the session must be theirs to use."""
        previous = self._snapshots.latest(session_id)
        doc = self._store.get_resume(session_id)
        owner = doc.owner if doc else (previous.owner if previous else None)
        if caller is not None:
            require_use(owner, caller)
        hot_chat = self._store.list_messages(session_id)
        # No hot resume: a brand-new session, or an expired one whose snapshot is the truth.
        # Never overwrite a snapshot with an emptier copy.
        if doc is None and (previous is not None or not hot_chat):
            return (self._latest_meta(session_id) if force else None), previous
        chat = merge_chat(previous.chat if previous else [], hot_chat)
        version = doc.version if doc else 0
        current = previous is not None and (previous.version, len(previous.chat), previous.owner) == (
            version,
            len(chat),
            owner,
        )
        if not force and current:
            return None, previous
        now = datetime.now(UTC)
        created = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        text = doc.text if doc else ""
        history: list[SnapshotMeta] = []
        before = self._latest_meta(session_id) if previous is not None else None
        if previous is not None and before is not None:
            history = [*previous.history, _meta(before.snapshotId, previous, before.sizeBytes)][-HISTORY_LIMIT:]
        auto = kind == "auto"
        window = window_start(history[-1] if history else None, now) if auto else None
        # A coalesced automatic snapshot describes the change since its window began.
        base = (previous.windowBase if window and previous else None) or (previous.resume if previous else "")
        payload = SnapshotPayload(
            sessionId=session_id,
            resume=text,
            version=version,
            chat=chat,
            createdAt=created,
            kind=kind,  # type: ignore[arg-type]
            label=KIND_LABELS.get(kind) or describe_change(base, text, chat[len(previous.chat) if previous else 0 :]),
            windowStartedAt=(window or created) if auto else None,
            windowBase=base if auto else None,
            history=history,
            owner=owner,
        )
        meta = self._snapshots.put(payload)
        logger.info("snapshot written", extra={"session": log_id(session_id), "kind": kind, "version": version})
        return meta, payload

    def _latest_meta(self, session_id: str) -> SnapshotMeta | None:
        history = self._snapshots.list(session_id, limit=1)
        return history[0] if history else None


def _meta(snapshot_id: str, payload: SnapshotPayload, size: int | None) -> SnapshotMeta:
    return SnapshotMeta(
        snapshotId=snapshot_id,
        createdAt=payload.createdAt,
        version=payload.version,
        kind=payload.kind,
        sizeBytes=size,
        label=payload.label,
        windowStartedAt=payload.windowStartedAt,
    )


def merge_chat(older: list[ChatMessage], newer: list[ChatMessage]) -> list[ChatMessage]:
    """Union by message id, in time order: hot items expire, so the snapshot keeps everything ever said."""
    by_id = {m.id: m for m in older}
    by_id.update({m.id: m for m in newer})
    return sorted(by_id.values(), key=lambda m: (m.ts, m.id))
