"""Injected AWS failures: every one has a defined outcome, and acknowledged data is never lost."""

from __future__ import annotations

import pytest
from botocore.retries.standard import ExponentialBackoff
from resume.handler import lambda_handler as resume_api
from session.handler import lambda_handler as session_api
from snapshot.handler import lambda_handler as snapshot_api

from core.adapters.aws.clients import client
from tests.component.test_session_api import stream_event
from tests.helpers import FakeLambdaContext, aws_error, call, new_session_id, record_calls


@pytest.fixture(autouse=True)
def no_backoff_sleep(monkeypatch):
    """Keep the SDK's retries (they are what is tested) but not its sleeps between them."""
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)


def test_autosave_is_one_conditional_write_and_no_read_once_the_resume_exists(moto_env):
    sid = new_session_id()
    with record_calls(client("dynamodb"), client("s3")) as log:
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v1", "baseVersion": 0})
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "v2", "baseVersion": 1})
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "seed client"})
        stale = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "stale", "baseVersion": 1})
    assert stale.status == 409 and stale.body["currentText"] == "seed client"
    assert log.calls == [
        ("s3", "GetObject"),  # the first save creates the resume: is there a snapshot of this session?
        ("dynamodb", "PutItem"),
        ("dynamodb", "PutItem"),
        ("dynamodb", "UpdateItem"),
        ("dynamodb", "PutItem"),  # the conflict answer comes back with the failed write
    ]


@pytest.mark.parametrize("code", ["ProvisionedThroughputExceededException", "ThrottlingException"])
def test_dynamodb_throttling_becomes_503_with_retry_after_after_bounded_retries(moto_env, code):
    sid = new_session_id()
    call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "acknowledged"})
    with aws_error(client("dynamodb"), "PutItem", code) as attempts:
        result = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "lost?", "baseVersion": 1})
    assert result.status == 503
    assert result.headers["Retry-After"] == "1"
    assert result.body["error"] == "service_unavailable" and "retry" in result.body["message"]
    assert len(attempts) == 3  # botocore standard mode, AWS_MAX_ATTEMPTS default: bounded, then give up
    # Nothing half-written: the acknowledged text is intact, and the client's retry succeeds.
    assert call(session_api, "GET", f"/api/session/{sid}").body["resume"] == "acknowledged"
    retried = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "lost?", "baseVersion": 1})
    assert retried.status == 200 and retried.body["version"] == 2


def test_throttled_reads_are_503_too(moto_env):
    with aws_error(client("dynamodb"), "GetItem", "ProvisionedThroughputExceededException"):
        result = call(session_api, "GET", f"/api/session/{new_session_id()}")
    assert result.status == 503 and result.headers["Retry-After"]


def test_dynamodb_server_error_is_503_not_500(moto_env):
    with aws_error(client("dynamodb"), "UpdateItem", "InternalServerError", status=500):
        result = call(resume_api, "PUT", f"/api/resume/{new_session_id()}", {"text": "x"})
    assert result.status == 503


def test_s3_down_never_fails_the_save_and_the_snapshot_is_retried(moto_env):
    sid = new_session_id()
    with aws_error(client("s3"), ("PutObject", "GetObject"), "ServiceUnavailable", status=503):
        saved = call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "safe in DynamoDB"})
        assert saved.status == 200
        # The stream consumer reports the record as failed, so Lambda retries it later.
        out = snapshot_api(stream_event(("INSERT", sid, "resume#latest")), FakeLambdaContext())
        assert out == {"batchItemFailures": [{"itemIdentifier": "100"}]}
        explicit = call(snapshot_api, "POST", f"/api/snapshot/{sid}")
        assert explicit.status == 503
    assert call(session_api, "GET", f"/api/session/{sid}").body["resume"] == "safe in DynamoDB"
    # S3 is back: the retried batch succeeds.
    assert snapshot_api(stream_event(("INSERT", sid, "resume#latest")), FakeLambdaContext()) == {
        "batchItemFailures": []
    }
    assert call(snapshot_api, "GET", f"/api/snapshots/{sid}").body["snapshots"][0]["snapshotId"]


def test_s3_down_during_rehydrate_is_503_not_an_empty_resume(moto_env):
    sid = new_session_id()
    with aws_error(client("s3"), "GetObject", "ServiceUnavailable", status=503):
        result = call(session_api, "GET", f"/api/session/{sid}")
    # An empty answer would invite the client to overwrite a snapshot it could not see.
    assert result.status == 503
