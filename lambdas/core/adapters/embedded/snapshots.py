"""Snapshots as files: `snapshots/<sessionId>/<snapshotId>.json`, newest = latest; older ones (history) kept by
the snapshot bucket's noncurrent-version rule (`core.schema.SNAPSHOT_RETENTION`), files 0600 in folders 0700."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ...ids import sortable_id
from ...models.session import SnapshotMeta, SnapshotPayload
from ...schema import SNAPSHOT_RETENTION
from .private import open_private, private_dir

FILE_ID = re.compile(r"^[0-9a-f]{21}$")


def write_atomically(path: Path, data: bytes) -> None:
    """Write, fsync, rename: a reader never sees a half-written file, even after kill -9."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _created_ms(snapshot_id: str) -> int:
    return int(snapshot_id[:13])  # a sortable id starts with its epoch milliseconds


class FileSnapshotStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _dir(self, session_id: str) -> Path:
        return self._root / session_id

    def _ids(self, session_id: str) -> list[str]:
        folder = self._dir(session_id)
        if not folder.is_dir():
            return []
        return sorted((p.stem for p in folder.glob("*.json") if FILE_ID.match(p.stem)), reverse=True)

    def put(self, payload: SnapshotPayload) -> SnapshotMeta:
        snapshot_id = sortable_id()
        body = payload.model_dump_json().encode("utf-8")
        write_atomically(self._dir(payload.sessionId) / f"{snapshot_id}.json", body)
        self._prune(payload.sessionId, now_ms=_created_ms(snapshot_id))
        return SnapshotMeta(
            snapshotId=snapshot_id,
            createdAt=payload.createdAt,
            version=payload.version,
            kind=payload.kind,
            sizeBytes=len(body),
        )

    def _prune(self, session_id: str, now_ms: int) -> None:
        """Older snapshots go by the snapshot bucket's noncurrent-version rule (the newest is the current one)."""
        ids = self._ids(session_id)
        for index in SNAPSHOT_RETENTION.expired([_created_ms(i) for i in ids], now_ms):
            (self._dir(session_id) / f"{ids[index]}.json").unlink(missing_ok=True)

    def get(self, session_id: str, snapshot_id: str) -> SnapshotPayload | None:
        if not FILE_ID.match(snapshot_id):
            return None
        path = self._dir(session_id) / f"{snapshot_id}.json"
        if not path.is_file():
            return None
        return SnapshotPayload.model_validate_json(path.read_bytes())

    def latest(self, session_id: str) -> SnapshotPayload | None:
        ids = self._ids(session_id)
        return self.get(session_id, ids[0]) if ids else None

    def list(self, session_id: str, limit: int = 100) -> list[SnapshotMeta]:
        metas = []
        for snapshot_id in self._ids(session_id)[:limit]:
            payload = self.get(session_id, snapshot_id)
            if payload is not None:
                metas.append(
                    SnapshotMeta(
                        snapshotId=snapshot_id,
                        createdAt=payload.createdAt,
                        version=payload.version,
                        kind=payload.kind,
                        sizeBytes=(self._dir(session_id) / f"{snapshot_id}.json").stat().st_size,
                    )
                )
        return metas
