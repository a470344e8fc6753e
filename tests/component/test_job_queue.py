"""The local runtime's job queue: the durable SQLite queue (SQS semantics), the poller that feeds the ai-worker,
the signed download route, and duplicate-submit windows on both stores."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from optimize.handler import lambda_handler as optimize_api
from starlette.testclient import TestClient
from status_checker.handler import lambda_handler as status_api

from core import container
from core.adapters.embedded.db import EmbeddedDb
from core.adapters.embedded.queue import DEAD, JOBS, EmbeddedJobQueue
from core.config import LOCAL_JOBS_QUEUE_ARN
from core.errors import ServiceUnavailable
from core.ports.llm import RewriteReply, RewriteRequest
from local import job_queue
from local.invoker import LambdaInvoker
from tests.helpers import call, new_session_id
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64, docx_text


class Clock:
    def __init__(self) -> None:
        self.ms = int(time.time() * 1000)

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def clock(monkeypatch) -> Clock:
    now = Clock()
    monkeypatch.setattr("core.adapters.embedded.queue.now_ms", now)
    return now


@pytest.fixture
def queue(tmp_path: Path) -> EmbeddedJobQueue:
    return EmbeddedJobQueue(EmbeddedDb(tmp_path / "q.db"), visibility_s=30, max_receives=2)


# ---------------------------------------------------------------- the queue


def test_a_received_message_is_hidden_until_its_visibility_timeout(queue, clock):
    queue.send("job-1")
    [first] = queue.receive(5)
    assert json.loads(first.body) == {"jobId": "job-1"} and first.receive_count == 1
    assert queue.receive(5) == []
    clock.ms += 29_999
    assert queue.receive(5) == []
    clock.ms += 1
    [again] = queue.receive(5)
    assert again.message_id == first.message_id and again.receive_count == 2
    assert again.receipt_handle != first.receipt_handle
    assert not queue.delete(first.receipt_handle)  # a stale receipt deletes nothing
    assert queue.delete(again.receipt_handle)
    clock.ms += 60_000
    assert queue.receive(5) == []


def test_after_max_receives_a_message_moves_to_the_dead_letter_queue(queue, clock):
    queue.send("job-1")
    for _ in range(2):
        assert len(queue.receive()) == 1
        clock.ms += 30_000
    assert queue.receive() == []  # used up: moved, not delivered a third time
    assert queue.depth() == {"visible": 0, "inFlight": 0, "deadLetters": 1}
    [dead] = queue.receive(queue=DEAD)
    assert json.loads(dead.body) == {"jobId": "job-1"} and dead.receive_count == 1
    assert queue.delete(dead.receipt_handle)
    assert queue.depth() == {"visible": 0, "inFlight": 0, "deadLetters": 0}


def test_retry_later_and_release_in_flight(tmp_path, clock):
    queue = EmbeddedJobQueue(EmbeddedDb(tmp_path / "q.db"), visibility_s=30, max_receives=5)
    queue.send("a")
    queue.send("b")
    first, second = queue.receive(2)
    queue.retry_later(first.receipt_handle, 5)
    clock.ms += 5_000
    assert [m.message_id for m in queue.receive(5)] == [first.message_id]
    assert queue.depth()["inFlight"] == 2
    assert queue.release_in_flight() == 2
    assert sorted(m.message_id for m in queue.receive(5)) == sorted([first.message_id, second.message_id])


def test_messages_survive_a_new_process(tmp_path, clock):
    EmbeddedJobQueue(EmbeddedDb(tmp_path / "q.db"), 30, 3).send("job-1")
    reopened = EmbeddedJobQueue(EmbeddedDb(tmp_path / "q.db"), 30, 3)
    assert [json.loads(m.body)["jobId"] for m in reopened.receive(queue=JOBS)] == ["job-1"]


def test_records_have_the_sqs_event_shape(queue):
    queue.send("job-1")
    [message] = queue.receive()
    record = message.sqs_record(LOCAL_JOBS_QUEUE_ARN)
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    parsed = SQSRecord(record)
    assert parsed.message_id == message.message_id and parsed.receipt_handle == message.receipt_handle
    assert parsed.attributes.approximate_receive_count == "1"
    assert parsed.event_source_arn == LOCAL_JOBS_QUEUE_ARN
    assert parsed.json_body == {"jobId": "job-1"}


# ---------------------------------------------------------------- the poller


def submit(**fields: Any) -> str:
    body = {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION, **fields}
    result = call(optimize_api, "POST", "/api/optimize", body)
    assert result.status == 202
    return str(result.body["jobId"])


def job_status(job_id: str) -> dict[str, Any]:
    return dict(call(status_api, "GET", "/api/status", query={"jobId": job_id}).body)


@pytest.fixture
def poller_env(embedded_env, monkeypatch):
    monkeypatch.setenv("JOB_RETRY_DELAY_SECONDS", "0")
    container.reset()
    job_queue._recovered.cache_clear()
    return embedded_env


def test_the_poller_runs_queued_jobs_through_the_worker(poller_env):
    job_id = submit()
    invoker = LambdaInvoker()
    assert job_queue.poll_job_queue(invoker) == 1
    assert job_status(job_id)["status"] == "COMPLETED"
    assert container.embedded_job_queue().depth() == {"visible": 0, "inFlight": 0, "deadLetters": 0}
    assert job_queue.poll_job_queue(invoker) == 0


def test_the_poller_retries_then_dead_letters_and_the_job_fails(poller_env, monkeypatch):
    class Down:
        name, model = "down", "test"

        def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
            raise ServiceUnavailable("The AI provider is not configured")

    monkeypatch.setattr(container, "llm_provider", Down)
    job_id = submit()
    invoker = LambdaInvoker()
    for _ in range(3):  # JOB_QUEUE_MAX_RECEIVES
        assert job_queue.poll_job_queue(invoker) == 1
        assert job_status(job_id)["status"] == "PROCESSING"
    assert job_queue.poll_job_queue(invoker) == 1  # this round delivers the dead letter
    seen = job_status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "dead_lettered"
    assert container.embedded_job_queue().depth() == {"visible": 0, "inFlight": 0, "deadLetters": 0}


def test_jobs_in_flight_when_the_runtime_died_resume_on_the_next_start(poller_env):
    job_id = submit()
    # The previous process received the message (its worker was mid-job), then died.
    [in_flight] = container.embedded_job_queue().receive()
    assert in_flight.receive_count == 1
    job_queue._recovered.cache_clear()  # a new process
    assert job_queue.poll_job_queue(LambdaInvoker()) == 1
    assert job_status(job_id)["status"] == "COMPLETED"


# ---------------------------------------------------------------- downloads


def test_the_local_runtime_serves_signed_downloads_only(poller_env):
    from local.server import create_app

    job_id = submit(sessionId=new_session_id())
    job_queue.poll_job_queue(LambdaInvoker())
    url = call(status_api, "GET", "/api/status", query={"jobId": job_id}, headers={"Host": "testserver"}).body[
        "optimizedResumeUrl"
    ]
    client = TestClient(create_app())  # no lifespan: no background pollers in this test
    ok = client.get(url)
    assert ok.status_code == 200
    assert ok.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert ok.headers["content-disposition"] == 'attachment; filename="jane-doe-resume.docx"'
    assert ("Title", "Jane Doe") in docx_text(ok.content)

    tampered = client.get(url.replace("sig=", "sig=0"))
    assert tampered.status_code == 403 and tampered.json()["error"] == "forbidden"
    renamed = client.get(url.replace("name=jane-doe", "name=other"))
    assert renamed.status_code == 403
    other_file = client.get(url.replace("optimized.docx", "input.txt"))
    assert other_file.status_code == 403
    no_signature = client.get(f"/api/download/{job_id}/optimized.docx")
    assert no_signature.status_code == 403
    traversal = client.get(f"/api/download/{job_id}/..%2F..%2Fresume-chat.db?name=x&exp=9999999999&sig=x")
    assert traversal.status_code in (403, 404)

    (poller_env / "jobs" / job_id / "optimized.docx").unlink()
    assert client.get(url).status_code == 404


def test_local_download_links_carry_cors_headers_for_the_allowed_origins(poller_env, monkeypatch):
    from local.server import create_app

    monkeypatch.setenv("ALLOWED_ORIGINS", "https://client.example.com")
    container.reset()
    job_id = submit(sessionId=new_session_id(), outputFormat="pdf")
    job_queue.poll_job_queue(LambdaInvoker())
    url = call(status_api, "GET", "/api/status", query={"jobId": job_id}, headers={"Host": "testserver"}).body[
        "optimizedResumeUrl"
    ]
    client = TestClient(create_app())
    allowed = client.get(url, headers={"Origin": "https://client.example.com"})
    assert allowed.status_code == 200 and allowed.headers["content-type"] == "application/pdf"
    assert allowed.headers["access-control-allow-origin"] == "https://client.example.com"
    assert "Content-Disposition" in allowed.headers["access-control-expose-headers"]
    other = client.get(url, headers={"Origin": "https://elsewhere.example.com"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    refused = client.get(url.replace("sig=", "sig=0"), headers={"Origin": "https://client.example.com"})
    # a refusal is readable too, so the client can show why
    assert refused.status_code == 403 and refused.headers["access-control-allow-origin"] == "https://client.example.com"


def test_an_expired_download_link_is_refused(poller_env, monkeypatch):
    from local.server import create_app

    job_id = submit()
    job_queue.poll_job_queue(LambdaInvoker())
    url = call(status_api, "GET", "/api/status", query={"jobId": job_id}, headers={"Host": "testserver"}).body[
        "optimizedResumeUrl"
    ]
    later = time.time() + 3601
    monkeypatch.setattr("core.adapters.embedded.files.time.time", lambda: later)
    expired = TestClient(create_app()).get(url)
    assert expired.status_code == 403 and "expired" in expired.json()["message"]


# ---------------------------------------------------------------- duplicate-submit window


def expire_idempotency_records(store: str) -> None:
    """Move every idempotency record past its window (what time would do)."""
    past = int(time.time()) - 1
    if store == "embedded":
        with container.embedded_db().transaction() as conn:
            conn.execute("UPDATE idempotency SET expiration = ?", (past,))
        return
    from core.adapters.aws.clients import client

    table = container.get_settings().idempotency_table
    for item in client("dynamodb").scan(TableName=table)["Items"]:
        client("dynamodb").update_item(
            TableName=table,
            Key={"id": item["id"]},
            UpdateExpression="SET expiration = :past",
            ExpressionAttributeValues={":past": {"N": str(past)}},
        )


def test_after_the_window_the_same_submit_is_a_new_job(any_store):
    session_id = new_session_id()
    first = submit(sessionId=session_id)
    assert submit(sessionId=session_id) == first
    expire_idempotency_records(any_store)
    assert submit(sessionId=session_id) != first
