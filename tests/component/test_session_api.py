"""session, resume and snapshot handlers through their Lambda entry points, on both storage backends."""

from __future__ import annotations

import sqlite3

import pytest
from resume.handler import lambda_handler as resume_api
from session.handler import lambda_handler as session_api
from snapshot.handler import lambda_handler as snapshot_api

from core import container
from core.adapters.aws.clients import client
from core.config import get_settings
from core.schema import RESUME_ITEM_KEY
from tests.helpers import call, new_session_id


def drop_hot_resume(storage: str, session_id: str) -> None:
    """Lose the hot copy, as a TTL expiry or an accidental delete would."""
    settings = get_settings()
    if storage == "aws":
        client("dynamodb").delete_item(
            TableName=settings.ddb_table, Key={"sessionId": {"S": session_id}, "itemKey": {"S": RESUME_ITEM_KEY}}
        )
    else:
        with sqlite3.connect(settings.data_dir / "resume-chat.db") as conn:
            conn.execute("DELETE FROM resumes WHERE session_id = ?", (session_id,))


def test_health_reports_ok_and_where_it_runs(any_store):
    result = call(session_api, "GET", "/api/health")
    assert result.status == 200
    assert result.body["ok"] is True and isinstance(result.body["ts"], int)
    assert result.body["local"] is (any_store == "embedded")


def test_seed_client_put_then_get_round_trips(any_store):
    sid = new_session_id()
    saved = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "Jane Doe\n- Built things"})
    assert saved.status == 200
    assert saved.body["saved"] is True and saved.body["version"] == 1 and saved.body["updatedAt"]
    got = call(session_api, "GET", f"/api/session/{sid}")
    assert got.status == 200
    assert got.body["resume"] == "Jane Doe\n- Built things"
    assert got.body["chat"] == [] and got.body["version"] == 1


def test_unknown_session_is_empty_not_an_error(any_store):
    got = call(session_api, "GET", f"/api/session/{new_session_id()}")
    assert got.status == 200
    assert (got.body["resume"], got.body["version"], got.body["rehydrated"]) == ("", 0, False)


def test_stale_base_version_gets_409_with_the_current_text(any_store):
    sid = new_session_id()
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "tab A", "baseVersion": 0}).status == 200
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "tab A2", "baseVersion": 1}).status == 200
    stale = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "tab B", "baseVersion": 1})
    assert stale.status == 409
    assert stale.body["error"] == "conflict"
    assert (stale.body["currentVersion"], stale.body["currentText"]) == (2, "tab A2")
    assert call(session_api, "GET", f"/api/session/{sid}").body["resume"] == "tab A2"


def test_large_resume_round_trips(any_store):
    sid = new_session_id()
    text = "".join(f"- Bullet {i}: shipped feature {i} with the team, ünïcode ✓\n" for i in range(3000))
    assert len(text.encode()) < 256 * 1024
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": text}).status == 200
    assert call(session_api, "GET", f"/api/session/{sid}").body["resume"] == text


@pytest.mark.parametrize(
    ("path", "kwargs", "status"),
    [
        ("/api/resume/not-a-uuid", {"body": {"text": "x"}}, 400),
        ("/api/resume/{sid}", {"raw_body": "{not json"}, 400),
        ("/api/resume/{sid}", {"body": {"txt": "x"}}, 422),
        ("/api/resume/{sid}", {"body": {"text": 42}}, 422),
        ("/api/resume/{sid}", {"body": {"text": "x", "baseVersion": -1}}, 422),
        ("/api/resume/{sid}", {"body": ["text"]}, 422),
        ("/api/resume/{sid}", {"body": {"text": "x" * (256 * 1024 + 1)}}, 413),
        ("/api/resume/{sid}", {"raw_body": '{"text": "a\\ud800b"}'}, 400),  # an unpaired surrogate: no UTF-8
    ],
)
def test_bad_input_gets_a_clear_json_error(any_store, path, kwargs, status):
    result = call(resume_api, "PUT", path.format(sid=new_session_id()), **kwargs)
    assert result.status == status
    assert result.body["error"] and result.body["message"]


def test_invalid_session_id_is_refused_before_any_storage_call(moto_env):
    from tests.helpers import record_calls

    with record_calls(client("dynamodb"), client("s3")) as log:
        assert call(session_api, "GET", "/api/session/123").status == 400
        assert call(resume_api, "PUT", "/api/resume/123", {"text": "x"}).status == 400
    assert log.calls == []


def test_unknown_route_is_json_404(any_store):
    result = call(session_api, "GET", "/api/nope")
    assert result.status == 404 and result.body["error"] == "not_found"


def test_snapshot_create_list_and_fetch(any_store):
    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "first"})
    first = call(snapshot_api, "POST", f"/api/snapshot/{sid}")
    assert first.status == 200
    assert first.body["snapshotted"] is True and first.body["countMessages"] == 0
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "second"})
    second = call(snapshot_api, "POST", f"/api/snapshot/{sid}", {"kind": "restore"})

    history = call(snapshot_api, "GET", f"/api/snapshots/{sid}")
    assert history.status == 200
    assert [s["snapshotId"] for s in history.body["snapshots"]] == [second.body["snapshotId"], first.body["snapshotId"]]
    old = call(snapshot_api, "GET", f"/api/snapshots/{sid}/{first.body['snapshotId']}")
    assert old.status == 200 and old.body["resume"] == "first" and old.body["version"] == 1


def test_snapshot_errors(any_store):
    sid = new_session_id()
    assert call(snapshot_api, "POST", f"/api/snapshot/{sid}").status == 404  # nothing to snapshot yet
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "x"})
    call(snapshot_api, "POST", f"/api/snapshot/{sid}")
    unknown = call(snapshot_api, "GET", f"/api/snapshots/{sid}/0000000000000deadbeef")
    assert unknown.status == 404 and unknown.body["error"] == "not_found"
    assert call(snapshot_api, "GET", f"/api/snapshots/{sid}/bad%20id!").status == 400
    assert call(snapshot_api, "GET", "/api/snapshots/nope").status == 400
    assert call(snapshot_api, "POST", f"/api/snapshot/{sid}", {"kind": "weird"}).status == 422


def test_deleted_hot_item_is_rehydrated_from_the_snapshot(any_store):
    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "survives"})
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "survives v2"})
    call(snapshot_api, "POST", f"/api/snapshot/{sid}")
    drop_hot_resume(any_store, sid)

    got = call(session_api, "GET", f"/api/session/{sid}")
    assert got.status == 200
    assert got.body["rehydrated"] is True and got.body["rehydratedInMs"] >= 0
    assert (got.body["resume"], got.body["version"]) == ("survives v2", 2)
    # The hot store was refilled: the next read is a plain hit, and versioned saves continue from v2.
    assert call(session_api, "GET", f"/api/session/{sid}").body["rehydrated"] is False
    assert call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v3", "baseVersion": 2}).body["version"] == 3


def stream_event(*records: tuple[str, str, str]) -> dict:
    return {
        "Records": [
            {
                "eventID": str(i),
                "eventName": name,
                "eventSource": "aws:dynamodb",
                "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x",
                "dynamodb": {
                    "Keys": {"sessionId": {"S": sid}, "itemKey": {"S": key}},
                    "SequenceNumber": str(100 + i),
                    "StreamViewType": "KEYS_ONLY",
                },
            }
            for i, (name, sid, key) in enumerate(records)
        ]
    }


def test_stream_batch_takes_one_snapshot_per_changed_session(any_store):
    from tests.helpers import FakeLambdaContext

    a, b = new_session_id(), new_session_id()
    for sid in (a, a, b):
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": f"text of {sid}"})
    event = stream_event(
        ("INSERT", a, RESUME_ITEM_KEY),
        ("MODIFY", a, RESUME_ITEM_KEY),
        ("INSERT", b, RESUME_ITEM_KEY),
        ("REMOVE", b, RESUME_ITEM_KEY),
        ("INSERT", "job#1", "job"),
    )
    assert snapshot_api(event, FakeLambdaContext()) == {"batchItemFailures": []}
    for sid in (a, b):
        history = call(snapshot_api, "GET", f"/api/snapshots/{sid}").body["snapshots"]
        assert len(history) == 1
    assert container.snapshot_store().latest(a).resume == f"text of {a}"


def test_conditional_read_answers_304_with_one_getitem_and_no_query(moto_env):
    from tests.helpers import record_calls

    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v1 text", "baseVersion": 0})
    full = call(session_api, "GET", f"/api/session/{sid}")
    assert full.headers["ETag"] == 'W/"v1"' and full.headers["Cache-Control"] == "no-store"
    with record_calls(client("dynamodb"), client("s3")) as log:
        by_tag = call(session_api, "GET", f"/api/session/{sid}", headers={"If-None-Match": full.headers["ETag"]})
        by_query = call(session_api, "GET", f"/api/session/{sid}", query={"knownVersion": "1"})
    for answer in (by_tag, by_query):
        assert (answer.status, answer.body, answer.headers["ETag"]) == (304, None, 'W/"v1"')
    assert log.calls == [("dynamodb", "GetItem")] * 2


def test_conditional_read_of_a_newer_version_sends_the_seed_shape(any_store):
    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v1", "baseVersion": 0})
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v2", "baseVersion": 1})
    plain = call(session_api, "GET", f"/api/session/{sid}")
    newer = call(session_api, "GET", f"/api/session/{sid}", headers={"If-None-Match": 'W/"v1"'})
    assert newer.status == 200 and newer.headers["ETag"] == 'W/"v2"'
    assert newer.body == plain.body and newer.body["resume"] == "v2"
    # A tag that is not ours (or a list of tags) makes the read unconditional, never an error.
    assert call(session_api, "GET", f"/api/session/{sid}", headers={"If-None-Match": '"abc", *'}).status == 200
    assert call(session_api, "GET", f"/api/session/{sid}", query={"knownVersion": "-1"}).status == 422


def test_conditional_read_of_an_expired_hot_copy_brings_the_snapshot_back(any_store):
    sid = new_session_id()
    assert call(session_api, "GET", f"/api/session/{sid}", query={"knownVersion": "0"}).status == 304
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "kept", "baseVersion": 0})
    call(snapshot_api, "POST", f"/api/snapshot/{sid}")
    drop_hot_resume(any_store, sid)
    answer = call(session_api, "GET", f"/api/session/{sid}", query={"knownVersion": "0"})
    assert answer.status == 200 and answer.body["resume"] == "kept" and answer.body["rehydrated"] is True
