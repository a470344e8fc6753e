from __future__ import annotations

from ..clock import now_iso
from ..errors import BadRequest, NotFound
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
        session_id = require_uuid4(session_id, "sessionId")
        return SnapshotList(sessionId=session_id, snapshots=self._snapshots.list(session_id))

    def get(self, session_id: str, snapshot_id: str) -> SnapshotResponse:
        session_id = require_uuid4(session_id, "sessionId")
        if not is_snapshot_id(snapshot_id):
            raise BadRequest("snapshotId is not a valid snapshot id", field="snapshotId")
        payload = self._snapshots.get(session_id, snapshot_id)
        if payload is None:
            raise NotFound("No such snapshot for this session.")
        return SnapshotResponse(**payload.model_dump(), snapshotId=snapshot_id)

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
        payload = SnapshotPayload(
            sessionId=session_id,
            resume=doc.text if doc else "",
            version=version,
            chat=chat,
            createdAt=now_iso(),
            kind=kind,  # type: ignore[arg-type]
        )
        meta = self._snapshots.put(payload)
        logger.info("snapshot written", extra={"session": log_id(session_id), "kind": kind, "version": version})
        return meta, payload

    def _latest_meta(self, session_id: str) -> SnapshotMeta | None:
        history = self._snapshots.list(session_id, limit=1)
        return history[0] if history else None


def merge_chat(older: list[ChatMessage], newer: list[ChatMessage]) -> list[ChatMessage]:
    """Union by message id, in time order: hot items expire, so the snapshot keeps everything ever said."""
    by_id = {m.id: m for m in older}
    by_id.update({m.id: m for m in newer})
    return sorted(by_id.values(), key=lambda m: (m.ts, m.id))
