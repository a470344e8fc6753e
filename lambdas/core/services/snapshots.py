from __future__ import annotations

from datetime import UTC, datetime

from ..errors import BadRequest, NotFound
from ..history import KIND_LABELS, coalesce, describe_change, window_start
from ..ids import is_snapshot_id, log_id, require_uuid4
from ..models.session import (
    ChatMessage,
    SnapshotCreated,
    SnapshotList,
    SnapshotMeta,
    SnapshotPayload,
    SnapshotResponse,
)
from ..observability import logger, metrics
from ..ports.sessions import SessionStore, SnapshotStore

# Entries a snapshot carries about the ones before it (older ones stay readable by id, unlisted).
HISTORY_LIMIT = 100


class SnapshotService:
    def __init__(self, store: SessionStore, snapshots: SnapshotStore) -> None:
        self._store = store
        self._snapshots = snapshots

    def create(self, session_id: str, kind: str = "manual") -> SnapshotCreated:
        session_id = require_uuid4(session_id, "sessionId")
        meta, payload = self._write(session_id, kind, force=True)
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

    def history(self, session_id: str) -> SnapshotList:
        """Newest first, labelled, automatic snapshots coalesced: read from the newest snapshot's own history."""
        session_id = require_uuid4(session_id, "sessionId")
        newest = self._latest_meta(session_id)
        latest = self._snapshots.latest(session_id) if newest else None
        if newest is None or latest is None or latest.label is None:
            # Nothing yet, or snapshots written before history was kept (they have no label): list the store.
            return SnapshotList(sessionId=session_id, snapshots=self._snapshots.list(session_id))
        entries = [_meta(newest.snapshotId, latest, newest.sizeBytes), *reversed(latest.history)]
        return SnapshotList(sessionId=session_id, snapshots=coalesce(entries))

    def get(self, session_id: str, snapshot_id: str) -> SnapshotResponse:
        session_id = require_uuid4(session_id, "sessionId")
        if not is_snapshot_id(snapshot_id):
            raise BadRequest("snapshotId is not a valid snapshot id", field="snapshotId")
        payload = self._snapshots.get(session_id, snapshot_id)
        if payload is None:
            raise NotFound("No such snapshot for this session.")
        # The history list and the window's base text are bookkeeping, not what the person saved.
        return SnapshotResponse(**payload.model_dump(exclude={"history", "windowBase"}), snapshotId=snapshot_id)

    def _write(self, session_id: str, kind: str, force: bool) -> tuple[SnapshotMeta | None, SnapshotPayload | None]:
        previous = self._snapshots.latest(session_id)
        doc = self._store.get_resume(session_id)
        hot_chat = self._store.list_messages(session_id)
        # No hot resume: a brand-new session, or an expired one whose snapshot is the truth.
        # Never overwrite a snapshot with an emptier copy.
        if doc is None and (previous is not None or not hot_chat):
            return (self._latest_meta(session_id) if force else None), previous
        chat = merge_chat(previous.chat if previous else [], hot_chat)
        version = doc.version if doc else 0
        if not force and previous is not None and previous.version == version and len(previous.chat) == len(chat):
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
