"""Local data files are private (0600 in 0700 folders) and local snapshots are pruned like the S3 bucket's."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from export.handler import lambda_handler as export_api
from optimize.handler import lambda_handler as optimize_api
from resume.handler import lambda_handler as resume_api
from snapshot.handler import lambda_handler as snapshot_api

from core import container
from core.adapters.embedded.snapshots import FileSnapshotStore
from core.models.session import SnapshotPayload
from core.schema import SNAPSHOT_RETENTION, NoncurrentRetention
from local import job_queue
from local.invoker import LambdaInvoker
from tests.helpers import call, new_session_id
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64

DAY_MS = 86_400_000


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the usual default: files 0644, folders 0755 unless the code says otherwise
    try:
        yield
    finally:
        os.umask(previous)


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def test_every_local_data_file_and_folder_is_owner_only(embedded_env, open_umask):
    sid = new_session_id()
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": RESUME_TEXT}).status == 200
    assert call(snapshot_api, "POST", f"/api/snapshot/{sid}").status == 200
    assert call(export_api, "POST", "/api/export", {"text": RESUME_TEXT}).status == 200
    body = {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION, "sessionId": sid}
    assert call(optimize_api, "POST", "/api/optimize", body).status == 202
    job_queue._recovered.cache_clear()
    assert job_queue.poll_job_queue(LambdaInvoker()) == 1
    container.job_files().signer.signature("jobs/x/y", "y", 0)  # type: ignore[attr-defined]

    found = modes(embedded_env)
    names = {Path(p).name for p in found}
    assert {"resume-chat.db", "resume-chat.db-wal", "resume-chat.db-shm", ".download-signing-key"} <= names
    assert any(p.startswith("snapshots/") and p.endswith(".json") for p in found)
    assert any(p.startswith("jobs/") and "optimized" in p for p in found)
    wrong = {
        path: oct(mode) for path, mode in found.items() if mode != (0o700 if (embedded_env / path).is_dir() else 0o600)
    }
    assert wrong == {}


def test_data_left_readable_by_an_older_version_is_made_private(embedded_env, open_umask):
    embedded_env.mkdir(mode=0o755)
    db = embedded_env / "resume-chat.db"
    db.touch(mode=0o644)
    (embedded_env / "resume-chat.db-wal").touch(mode=0o644)
    container.embedded_db().connection()
    assert modes(embedded_env)["."] == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE((embedded_env / "resume-chat.db-wal").stat().st_mode) == 0o600


def test_the_rule_removes_only_versions_both_long_noncurrent_and_beyond_the_newest_twenty():
    rule = NoncurrentRetention(versions=2, days=30)
    now = 1000 * DAY_MS
    # Newest (current) first. Version i became noncurrent when version i - 1 was created.
    created = [now - d * DAY_MS for d in (0, 1, 2, 40, 50, 60)]
    # 3 has 2 newer noncurrent versions (1, 2) and has been noncurrent since day 2 (< 30): kept.
    # 4 has 3 and has been noncurrent since day 40: goes; 5 likewise.
    assert rule.expired(created, now) == [4, 5]
    assert rule.expired(created[:3], now) == []  # never more than the newest `versions` noncurrent ones
    assert rule.expired([now - 400 * DAY_MS], now) == []  # the current one never goes


def test_local_snapshots_are_pruned_by_the_buckets_rule(tmp_path, monkeypatch):
    store = FileSnapshotStore(tmp_path)
    sid = new_session_id()
    clock = [1_700_000_000_000]
    monkeypatch.setattr("core.ids.time.time", lambda: clock[0] / 1000)

    def snapshot(version: int) -> None:
        store.put(SnapshotPayload(sessionId=sid, resume=f"v{version}", chat=[], version=version, createdAt="x"))
        clock[0] += DAY_MS

    total = max(SNAPSHOT_RETENTION.versions, SNAPSHOT_RETENTION.days) + 10
    for version in range(1, total + 1):
        snapshot(version)
    # One a day: snapshot i (0 = newest) has i - 1 newer noncurrent ones and has been noncurrent for i - 1 days.
    kept = [m.version for m in store.list(sid, limit=1000)]
    keep = [i for i in range(total) if i <= SNAPSHOT_RETENTION.versions or i - 1 < SNAPSHOT_RETENTION.days]
    assert kept == [total - i for i in keep]
    assert len(kept) < total


def test_a_burst_of_snapshots_is_kept_as_s3_keeps_it(tmp_path):
    store = FileSnapshotStore(tmp_path)
    sid = new_session_id()
    for version in range(1, 101):
        store.put(SnapshotPayload(sessionId=sid, resume="x", chat=[], version=version, createdAt="x"))
    # None has been noncurrent for 30 days yet: S3 would keep every version too.
    assert len(store.list(sid, limit=1000)) == 100
