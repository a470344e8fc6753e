"""optimize and status-checker Lambdas on both stores (embedded, and moto: DynamoDB, S3, SQS)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from botocore.retries.standard import ExponentialBackoff
from optimize.handler import lambda_handler as optimize_api
from status_checker.handler import lambda_handler as status_api

from core import container
from core.adapters.aws.clients import client
from core.schema import job_description_key, job_input_key
from tests.helpers import aws_error, call, new_session_id
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64, data_url, docx_bytes, pdf_bytes


@pytest.fixture(autouse=True)
def no_backoff_sleep(monkeypatch):
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)


def submit(resume: str | None = None, **fields):
    body = {"resume": resume if resume is not None else b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION}
    body.update(fields)
    return call(optimize_api, "POST", "/api/optimize", {k: v for k, v in body.items() if v is not None})


def status(job_id: str):
    return call(status_api, "GET", "/api/status", query={"jobId": job_id})


def jobs_of(session_id: str, **query):
    return call(status_api, "GET", "/api/jobs", query={"sessionId": session_id, **query})


def queued_job_ids(store: str) -> list[str]:
    """Job ids waiting on the queue (received and so hidden: call once per test)."""
    if store == "embedded":
        messages = [m.body for m in container.embedded_job_queue().receive(10)]
    else:
        out = client("sqs").receive_message(QueueUrl=container.get_settings().jobs_queue_url, MaxNumberOfMessages=10)
        messages = [m["Body"] for m in out.get("Messages", [])]
    return [json.loads(body)["jobId"] for body in messages]


def test_submit_answers_202_with_location_stores_the_upload_and_queues_the_job(any_store):
    session_id, upload = new_session_id(), docx_bytes()
    result = submit(b64(upload), sessionId=session_id, fileName="C:\\Users\\jane\\My CV.docx")
    assert result.status == 202
    job_id = result.body["jobId"]
    assert result.body == {"message": "Resume optimization job submitted", "jobId": job_id, "status": "PROCESSING"}
    assert result.headers["Location"] == f"/api/status?jobId={job_id}"

    files = container.job_files()
    assert files.get(job_input_key(job_id, "docx")) == upload
    assert files.get(job_description_key(job_id)) == JOB_DESCRIPTION.strip().encode()
    assert queued_job_ids(any_store) == [job_id]

    seen = status(job_id)
    assert seen.status == 200
    assert seen.body["status"] == "PROCESSING" and seen.body["step"] == "queued" and seen.body["progress"] == 0
    assert seen.body["message"] and seen.body["timestamp"] and seen.body["jobId"] == job_id
    assert seen.body["optimizedResumeUrl"] is None and seen.body["report"] is None

    job = container.job_store().get(job_id)
    assert job is not None and job.status == "QUEUED" and job.fileName == "My CV.docx"
    assert job.deadlineMs > time.time() * 1000 + 60_000  # a deadline in the future
    assert job.expiresAt > time.time() + 86400  # and a TTL


def test_duplicate_submits_return_the_same_job(any_store):
    session_id = new_session_id()
    pdf = pdf_bytes()
    first = submit(b64(pdf), sessionId=session_id)
    again = submit(data_url(pdf, "application/pdf"), sessionId=session_id, fileName="other name.pdf")
    assert first.status == again.status == 202
    assert again.body["jobId"] == first.body["jobId"]  # same session, same bytes, same job description

    other_jd = submit(b64(pdf), sessionId=session_id, jobDescription=JOB_DESCRIPTION + "\nKafka")
    other_session = submit(b64(pdf), sessionId=new_session_id())
    other_format = submit(b64(pdf), sessionId=session_id, outputFormat="txt")
    ids = {first.body["jobId"], other_jd.body["jobId"], other_session.body["jobId"], other_format.body["jobId"]}
    assert len(ids) == 4
    assert sorted(queued_job_ids(any_store)) == sorted(ids)  # the duplicate queued nothing


def test_a_submit_identical_to_one_in_progress_is_409_with_retry_after(embedded_env):
    files = container.job_files()
    entered, release = threading.Event(), threading.Event()
    real_put = files.put

    def slow_put(key, data, content_type):
        entered.set()
        release.wait(10)
        real_put(key, data, content_type)

    files.put = slow_put  # type: ignore[method-assign]
    session_id = new_session_id()
    results = []
    first = threading.Thread(target=lambda: results.append(submit(sessionId=session_id)))
    first.start()
    assert entered.wait(10)
    files.put = real_put  # type: ignore[method-assign]
    duplicate = submit(sessionId=session_id)
    release.set()
    first.join(10)
    assert duplicate.status == 409 and duplicate.headers["Retry-After"] == "1"
    assert "identical submission" in duplicate.body["message"]
    assert results[0].status == 202
    assert submit(sessionId=session_id).body["jobId"] == results[0].body["jobId"]


BAD_INPUT = [
    ({"resume": "%%% not base64 %%%"}, 400, "bad_request", "not valid base64"),
    ({"resume": "data:application/pdf,plain"}, 400, "bad_request", "must be base64"),
    ({"resume": ""}, 400, "bad_request", "empty"),
    ({"resume": b64(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))}, 415, "unsupported_media_type", ".doc"),
    ({"resume": b64(b"{\\rtf1 Jane}")}, 415, "unsupported_media_type", "RTF"),
    ({"resume": b64(b"\x89PNG\r\n\x1a\n" + bytes(64))}, 415, "unsupported_media_type", "image"),
    ({"resume": b64(b"x" * 2048)}, 413, "payload_too_large", "limit"),
    ({"jobDescription": None}, 422, "validation_error", "jobDescription"),
    ({"jobDescription": "   \n "}, 422, "unprocessable", "jobDescription is empty"),
    ({"jobDescription": "x" * 501}, 413, "payload_too_large", "job description"),
    ({"resume": b64(b"Jane Doe. Engineer.")}, 422, "unprocessable", "only 3 words"),
    ({"sessionId": "not-a-uuid"}, 400, "bad_request", "sessionId"),
    ({"outputFormat": "odt"}, 422, "validation_error", "outputFormat"),
]


@pytest.mark.parametrize(("fields", "status_code", "code", "fragment"), BAD_INPUT)
def test_bad_input_is_a_clear_error_and_creates_no_job(any_store, monkeypatch, fields, status_code, code, fragment):
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "1024")
    monkeypatch.setenv("MAX_JOB_DESCRIPTION_CHARS", "500")
    container.reset()
    session_id = new_session_id()
    result = submit(**{"sessionId": session_id, "jobDescription": "Python AWS engineer", **fields})
    assert result.status == status_code, result.body
    assert result.body["error"] == code
    assert fragment in result.body["message"]
    assert jobs_of(session_id).body["jobs"] == []
    assert queued_job_ids(any_store) == []


def test_the_api_judges_text_as_the_worker_reads_it(embedded_env):
    # Runs of white space are normalised away before the length check, in the API as in the worker.
    padded = RESUME_TEXT.replace("\n", "\n" + " " * 5000)
    assert len(padded) > 50_000
    assert submit(resume=b64(padded.encode())).status == 202


def test_a_text_resume_too_long_to_be_one_is_413_before_any_job(embedded_env):
    session_id = new_session_id()
    result = submit(sessionId=session_id, resume=b64(b"Shipped the billing platform. " * 2000))
    assert result.status == 413 and result.body["error"] == "payload_too_large"
    assert "at most 50000" in result.body["message"]
    assert jobs_of(session_id).body["jobs"] == []


def test_a_body_that_is_not_json_is_400(embedded_env):
    result = call(optimize_api, "POST", "/api/optimize", raw_body="{resume:")
    assert result.status == 400 and result.body["error"] == "bad_request"


def test_status_of_an_unknown_job_is_404_and_a_malformed_id_400(any_store):
    unknown = status(new_session_id())
    assert unknown.status == 404 and unknown.body["error"] == "not_found"
    assert status("../../etc/passwd").status == 400
    missing = call(status_api, "GET", "/api/status")
    assert missing.status == 422 and "jobId" in missing.body["message"]


def test_jobs_are_listed_per_session_newest_first(any_store):
    mine, theirs = new_session_id(), new_session_id()
    created = []
    for n in range(3):
        created.append(submit(sessionId=mine, jobDescription=f"{JOB_DESCRIPTION}\nTeam {n}").body["jobId"])
        time.sleep(0.002)  # distinct creation milliseconds, so "newest first" is well defined
    other = submit(sessionId=theirs).body["jobId"]
    anonymous = submit(jobDescription=JOB_DESCRIPTION + "\nno session").body["jobId"]

    listed = jobs_of(mine)
    assert listed.status == 200
    assert [j["jobId"] for j in listed.body["jobs"]] == created[::-1]
    assert {j["status"] for j in listed.body["jobs"]} == {"PROCESSING"}
    assert [j["jobId"] for j in jobs_of(theirs).body["jobs"]] == [other]
    assert anonymous not in {j["jobId"] for j in listed.body["jobs"] + jobs_of(theirs).body["jobs"]}
    assert [j["jobId"] for j in jobs_of(mine, limit="2").body["jobs"]] == created[:0:-1]
    assert jobs_of("nope").status == 400
    assert jobs_of(mine, limit="0").status == 422


def test_a_job_past_its_deadline_reads_failed_and_is_marked_so(any_store, monkeypatch):
    job_id = submit(sessionId=(session_id := new_session_id())).body["jobId"]
    later = time.time() * 1000 + 2 * 3600 * 1000
    monkeypatch.setattr("core.services.optimize.status.now_ms", lambda: int(later))
    seen = status(job_id)
    assert seen.status == 200
    assert seen.body["status"] == "FAILED" and seen.body["error"] == "deadline_exceeded"
    assert "did not finish in time" in seen.body["message"]
    stored = container.job_store().get(job_id)
    assert stored is not None and stored.status == "FAILED" and stored.step == "failed"
    assert jobs_of(session_id).body["jobs"][0]["status"] == "FAILED"


def test_queue_unavailable_is_503_the_job_is_failed_and_a_retry_gets_a_new_job(moto_env):
    session_id = new_session_id()
    with aws_error(client("sqs"), "SendMessage", "ServiceUnavailable", status=503):
        refused = submit(sessionId=session_id)
    assert refused.status == 503 and refused.headers["Retry-After"] == "1"
    [failed] = jobs_of(session_id).body["jobs"]
    assert failed["status"] == "FAILED" and "could not be queued" in failed["message"]
    retried = submit(sessionId=session_id)  # the failed attempt left no idempotency record behind
    assert retried.status == 202 and retried.body["jobId"] != failed["jobId"]
    assert queued_job_ids("aws") == [retried.body["jobId"]]


@pytest.mark.parametrize(("service", "operation"), [("dynamodb", "PutItem"), ("s3", "PutObject")])
def test_storage_throttling_on_submit_is_503_and_the_client_can_retry(moto_env, service, operation):
    code = "ProvisionedThroughputExceededException" if service == "dynamodb" else "SlowDown"
    with aws_error(client(service), operation, code, status=400 if service == "dynamodb" else 503):
        refused = submit()
    assert refused.status == 503 and refused.headers["Retry-After"]
    accepted = submit()
    assert accepted.status == 202
    assert queued_job_ids("aws") == [accepted.body["jobId"]]


def test_status_reads_are_one_consistent_get_item(moto_env):
    from tests.helpers import record_calls

    job_id = submit().body["jobId"]
    with record_calls(client("dynamodb"), client("s3")) as log:
        assert status(job_id).status == 200
    assert log.calls == [("dynamodb", "GetItem")]
