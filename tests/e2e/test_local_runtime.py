"""The local runtime as a user runs it: a real process on loopback, spoken to over HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import AwsRuntime
from tests.e2e.runtime import LocalRuntime, wait_until
from tests.helpers import new_session_id

pytestmark = pytest.mark.e2e


def test_health_and_seed_round_trip(runtime: LocalRuntime):
    api = httpx.Client(base_url=runtime.base_url)
    health = api.get("/api/health").json()
    assert health["ok"] is True and health["local"] is True
    sid = new_session_id()
    saved = api.put(f"/api/resume/{sid}", json={"text": "Jane Doe\n- Shipped the thing"})
    assert saved.status_code == 200 and saved.json()["saved"] is True
    session = api.get(f"/api/session/{sid}").json()
    assert session["resume"] == "Jane Doe\n- Shipped the thing" and session["chat"] == []


def test_stale_base_version_is_409(runtime: LocalRuntime):
    api = httpx.Client(base_url=runtime.base_url)
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": "tab one", "baseVersion": 0})
    conflict = api.put(f"/api/resume/{sid}", json={"text": "tab two", "baseVersion": 0})
    assert conflict.status_code == 409
    assert conflict.json()["currentText"] == "tab one" and conflict.json()["currentVersion"] == 1


def test_errors_are_json_and_the_spa_and_openapi_are_served(runtime: LocalRuntime):
    api = httpx.Client(base_url=runtime.base_url)
    assert api.get("/api/nope").json()["error"] == "not_found"
    assert api.put("/api/health").status_code == 404
    bad = api.put(f"/api/resume/{new_session_id()}", content=b"{oops", headers={"content-type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
    assert "/api/resume/{sessionId}" in api.get("/api/openapi.json").json()["paths"]
    page = api.get("/some/client/route")
    assert page.status_code == 200 and "Resume Chat" in page.text


def test_saves_are_snapshotted_in_the_background_and_rehydrate_a_lost_hot_copy(runtime: LocalRuntime, tmp_path: Path):
    api = httpx.Client(base_url=runtime.base_url)
    sid = new_session_id()
    for version, text in enumerate(["draft", "draft, better", "final words"]):
        api.put(f"/api/resume/{sid}", json={"text": text, "baseVersion": version}).raise_for_status()

    def snapshot_of_v3() -> bool:
        snapshots = api.get(f"/api/snapshots/{sid}").json()["snapshots"]
        return bool(snapshots) and snapshots[0]["version"] == 3

    wait_until(snapshot_of_v3, 20, "the change feed to snapshot version 3", interval=0.2)
    with sqlite3.connect(tmp_path / "data" / "resume-chat.db") as db:
        db.execute("DELETE FROM resumes WHERE session_id = ?", (sid,))

    session = api.get(f"/api/session/{sid}").json()
    assert session["rehydrated"] is True
    assert (session["resume"], session["version"]) == ("final words", 3)


def test_acknowledged_saves_survive_kill_9(runtime: LocalRuntime):
    api = httpx.Client(base_url=runtime.base_url)
    sid = new_session_id()
    for version in range(30):
        api.put(f"/api/resume/{sid}", json={"text": f"edit {version + 1}", "baseVersion": version}).raise_for_status()
    runtime.restart()  # SIGKILL: no shutdown hooks, no flush
    session = httpx.get(f"{runtime.base_url}/api/session/{sid}").json()
    assert (session["resume"], session["version"]) == ("edit 30", 30)


def test_same_runtime_on_the_aws_adapters_against_moto_server(aws_runtime: AwsRuntime):
    api = httpx.Client(base_url=aws_runtime.runtime.base_url)
    assert api.get("/api/health").json()["local"] is False
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": "in DynamoDB", "baseVersion": 0}).raise_for_status()
    assert api.put(f"/api/resume/{sid}", json={"text": "stale", "baseVersion": 0}).status_code == 409
    first = api.post(f"/api/snapshot/{sid}").json()
    api.put(f"/api/resume/{sid}", json={"text": "in DynamoDB v2", "baseVersion": 1}).raise_for_status()
    second = api.post(f"/api/snapshot/{sid}").json()
    history = api.get(f"/api/snapshots/{sid}").json()["snapshots"]
    assert [s["snapshotId"] for s in history] == [second["snapshotId"], first["snapshotId"]]
    assert api.get(f"/api/snapshots/{sid}/{first['snapshotId']}").json()["resume"] == "in DynamoDB"
    assert api.get(f"/api/session/{sid}").json()["resume"] == "in DynamoDB v2"
