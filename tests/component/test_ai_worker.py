"""ai-worker Lambda fed real SQS-shaped events (moto's SQS, and the embedded queue), and every failure path.

What moto does not emulate (the event source mapping's partial batch handling, DLQ delivery, time passing) is
tested by calling the handler directly with the records the queue hands out.
"""

from __future__ import annotations

import io
import json
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from ai_worker.handler import lambda_handler as worker
from botocore.retries.standard import ExponentialBackoff
from chat.handler import lambda_handler as chat_api
from optimize.handler import lambda_handler as optimize_api
from pypdf import PdfReader
from status_checker.handler import lambda_handler as status_api

from core import container
from core.adapters.aws.clients import client
from core.config import LOCAL_JOBS_DLQ_ARN, LOCAL_JOBS_QUEUE_ARN, get_settings
from core.documents.render import DOCX_CONTENT_TYPE
from core.errors import ServiceUnavailable, UpstreamTimeout
from core.models.jobs import JobPatch, JobState
from core.ports.llm import RewriteReply, RewriteRequest
from core.schema import JOB_MAX_RECEIVES
from core.services.optimize.lifecycle import Expect
from tests.helpers import FakeLambdaContext, aws_error, call, new_session_id, record_calls
from tests.resume_files import (
    JOB_DESCRIPTION,
    RESUME_LINES,
    RESUME_TEXT,
    b64,
    docx_bytes,
    docx_text,
    docx_with_body,
    paragraphs_xml,
    pdf_bytes,
    pdf_sharing_one_content_stream,
    scanned_pdf_bytes,
)


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    monkeypatch.setenv("JOB_RETRY_DELAY_SECONDS", "0")  # a retried message is visible again at once
    container.reset()


class ScriptedLlm:
    """A provider whose answers the test decides: a function of the request, or an error to raise."""

    name, model = "scripted", "test"

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.requests: list[RewriteRequest] = []

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return RewriteReply(bullets=[step(b) for b in request.bullets])

    def assist(self, request: Any) -> Any:
        raise NotImplementedError


def use_llm(monkeypatch, llm: ScriptedLlm) -> ScriptedLlm:
    monkeypatch.setattr(container, "llm_provider", lambda: llm)
    container.job_worker.cache_clear()
    return llm


def submit(data: bytes | None = None, **fields: Any) -> str:
    body = {"resume": b64(data if data is not None else RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION}
    result = call(optimize_api, "POST", "/api/optimize", {**body, **fields})
    assert result.status == 202, result.body
    return str(result.body["jobId"])


def status(job_id: str) -> dict[str, Any]:
    hostile = {"Host": "evil.example", "X-Forwarded-Proto": "javascript"}  # never used for URLs
    result = call(status_api, "GET", "/api/status", query={"jobId": job_id}, headers=hostile)
    assert result.status == 200
    return dict(result.body)


def receive(store: str, dead: bool = False) -> list[dict[str, Any]]:
    """The records the event source mapping would hand to the function (one receive from the queue)."""
    if store == "embedded":
        from core.adapters.embedded.queue import DEAD, JOBS

        messages = container.embedded_job_queue().receive(10, DEAD if dead else JOBS)
        return [m.sqs_record(LOCAL_JOBS_DLQ_ARN if dead else LOCAL_JOBS_QUEUE_ARN) for m in messages]
    from core.adapters.aws.queue_consumer import SqsQueueConsumer

    settings = container.get_settings()
    queue = {"arn": settings.jobs_dlq_arn} if dead else {"url": settings.jobs_queue_url}
    consumer = SqsQueueConsumer(**queue, retry_after_s=settings.retry_after_s)
    return consumer.receive(max_messages=10, wait_s=0)


def deliver(records: list[dict[str, Any]]) -> list[str]:
    """Invoke the worker with the records; returns the message ids it reported as failed."""
    out = worker({"Records": records}, FakeLambdaContext())
    return [f["itemIdentifier"] for f in out["batchItemFailures"]]


def run_queue(store: str) -> list[str]:
    return deliver(receive(store))


def result_file(job_id: str) -> bytes:
    job = container.job_store().get(job_id)
    assert job is not None and job.resultKey
    data = container.job_files().get(job.resultKey)
    assert data is not None
    return data


# ---------------------------------------------------------------- the happy path


@pytest.mark.parametrize(("make", "kind"), [(pdf_bytes, "pdf"), (docx_bytes, "docx"), (RESUME_TEXT.encode, "text")])
def test_a_job_runs_to_completed_with_a_docx_and_a_report(any_store, make, kind):
    job_id = submit(make(), sessionId=new_session_id())
    assert run_queue(any_store) == []

    seen = status(job_id)
    assert seen["status"] == "COMPLETED" and seen["step"] == "done" and seen["progress"] == 100
    assert seen["message"] == "Resume optimization complete"
    # Named after the person (the job description names no company).
    assert seen["fileType"] == "docx" and seen["downloadFilename"] == "jane-doe-resume.docx"
    assert seen["contentType"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    report = seen["report"]
    assert report["provider"] == "writer" and report["sourceKind"] == kind and report["sourceWords"] > 50
    assert report["keywords"][0] == {
        "term": "Python",
        "weight": 6,
        "count": 3,
        "inRequirements": True,
        "importance": "must",
        "category": "language",
        "spellings": ["Python"],
        "why": 'must-have (under "Requirements"); 3x in the job description; skills vocabulary: language',
    }
    assert report["analysisVersion"].startswith("keywords-2")
    for cov in (report["coverageBefore"], report["coverageAfter"]):
        assert cov["totalWeight"] == sum(t["weight"] for t in report["keywords"])
        assert cov["matchedWeight"] == sum(t["weight"] for t in cov["matched"])
    assert report["coverageAfter"]["score"] >= report["coverageBefore"]["score"]
    assert report["changes"], "the mock provider changes or reorders something"
    for change in report["changes"]:
        assert change["original"] and change["revised"]
    words = report["readBack"]["wordsTotal"]
    assert report["readBack"]["passed"] and report["readBack"]["wordsFound"] == words > 50
    assert report["readBack"]["summary"] == f"read-back: passed, {words} of {words} words"

    paragraphs = docx_text(result_file(job_id))
    styles = {style for style, _ in paragraphs}
    assert {"List Bullet", "Heading 1"} <= styles
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    # the experience bullet matching the most job weight (CI/CD + Docker, both must-haves) moved to the top of its
    # list, in the job's spelling ("continuous integration" is the resume's)
    assert bullets[0].startswith("Set up CI/CD (continuous integration) with GitHub Actions and Docker")
    assert not any("continuous integration" in b for b in RESUME_LINES[6:9])
    moved = next(c for c in report["changes"] if c["revised"] == bullets[0])
    assert "the job's spelling: CI/CD (you wrote continuous integration)" in moved["reason"]
    assert "moved up: matches" in moved["reason"]


def test_the_download_url_is_presigned_for_an_hour_on_aws(moto_env):
    job_id = submit()
    run_queue("aws")
    url = urlparse(status(job_id)["optimizedResumeUrl"])
    query = parse_qs(url.query)
    assert url.path == f"/test-jobs/jobs/{job_id}/optimized.docx" or url.path == f"/jobs/{job_id}/optimized.docx"
    assert query["X-Amz-Expires"] == ["3600"] and query["X-Amz-Signature"]
    assert query["response-content-disposition"] == ['attachment; filename="jane-doe-resume.docx"']


def test_the_download_url_is_hmac_signed_locally(embedded_env, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:9999")
    container.reset()
    job_id = submit()
    run_queue("embedded")
    seen = status(job_id)
    url = urlparse(seen["optimizedResumeUrl"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}" == "http://127.0.0.1:9999"
    assert url.path == f"/api/download/{job_id}/optimized.docx"
    signer = container.job_files().signer  # type: ignore[attr-defined]
    key = f"jobs/{job_id}/optimized.docx"
    assert signer.verify(key, query["name"], int(query["exp"]), query["sig"])
    assert 3590 <= int(query["exp"]) - time.time() <= 3600
    assert not signer.verify(key, "other.docx", int(query["exp"]), query["sig"])  # tampered name
    assert not signer.verify(key, query["name"], int(query["exp"]) + 1, query["sig"])  # tampered expiry
    assert not signer.verify(key, query["name"], int(query["exp"]), query["sig"], now=int(query["exp"]) + 1)
    assert (embedded_env / ".download-signing-key").stat().st_mode & 0o777 == 0o600


def test_txt_output(any_store):
    job_id = submit(outputFormat="txt")
    run_queue(any_store)
    seen = status(job_id)
    assert seen["fileType"] == "txt" and seen["contentType"] == "text/plain; charset=utf-8"
    text = result_file(job_id).decode()
    assert "EXPERIENCE" in text and "- " in text
    # The report carries the same text, so the editor can open the result of any output format.
    assert seen["report"]["optimizedText"] == text


def test_the_report_is_stored_compressed_in_the_job_item(moto_env):
    job_id = submit()
    run_queue("aws")
    item = client("dynamodb").get_item(
        TableName=get_settings().ddb_table, Key={"sessionId": {"S": f"job#{job_id}"}, "itemKey": {"S": "job"}}
    )["Item"]
    assert "B" in item["report"]
    assert len(item["report"]["B"]) < len(json.dumps(status(job_id)["report"])) / 2


def test_a_resume_too_long_to_be_one_fails_the_job_clearly(any_store):
    job_id = submit(docx_bytes(["- Led the platform team through a migration of every service."] * 900))
    assert run_queue(any_store) == []
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "payload_too_large"
    assert "at most 50000" in seen["message"]


@pytest.mark.parametrize(
    ("bomb", "limit"),
    [
        (lambda: docx_with_body(paragraphs_xml(200_000)), r"word/document\.xml\) inflates to \d+ KB; the limit is"),
        (lambda: docx_with_body(paragraphs_xml(50_000)), "more than 5000 paragraphs"),
        (lambda: pdf_sharing_one_content_stream(6, 6_500_000), "more than 1024 KB of drawing instructions"),
    ],
    ids=["docx-part", "docx-paragraphs", "pdf-content-stream"],
)
def test_an_extraction_bomb_fails_the_job_with_the_limit_named(embedded_env, bomb, limit):
    job_id = submit(bomb())
    assert run_queue("embedded") == []
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "payload_too_large"
    assert re.search(limit, seen["message"]), seen["message"]


@pytest.mark.parametrize(
    ("requested", "extension", "content_type"),
    [("pdf", "pdf", "application/pdf"), ("word", "docx", DOCX_CONTENT_TYPE), ("text", "txt", "text/plain")],
)
def test_every_seed_output_format_through_the_optimize_flow(any_store, requested, extension, content_type):
    """The seed S2 client sends outputFormat "pdf" (its default), "word" or "text"."""
    job_id = submit(pdf_bytes(), outputFormat=requested, jobDescription="Northwind Labs is hiring.\n" + JOB_DESCRIPTION)
    assert run_queue(any_store) == []
    seen = status(job_id)
    assert seen["status"] == "COMPLETED" and seen["fileType"] == extension
    assert seen["contentType"].startswith(content_type)
    assert seen["downloadFilename"] == f"jane-doe-resume-northwind-labs.{extension}"
    assert seen["report"]["readBack"]["passed"]
    data = result_file(job_id)
    if extension == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    elif extension == "docx":
        text = "\n".join(t for _, t in docx_text(data))
    else:
        text = data.decode()
    expected = re.findall(r"\w+", seen["report"]["optimizedText"].casefold())
    assert re.findall(r"\w+", text.casefold()) == expected  # every word of the result, in order


def test_progress_is_written_at_every_step(embedded_env, monkeypatch):
    submit()
    store = container.job_lifecycle()
    written: list[str | None] = []
    real_update = store.update

    def spy(jid: str, patch: JobPatch, expect: Expect) -> bool:
        written.append(patch.step)
        return real_update(jid, patch, expect)

    monkeypatch.setattr(store, "update", spy)
    claims: list[str | None] = []
    real_claim = store.claim
    monkeypatch.setattr(
        store, "claim", lambda jid, claim, patch: claims.append(patch.step) or real_claim(jid, claim, patch)
    )
    run_queue("embedded")
    assert claims == ["parse"]
    assert written == ["analyse", "rewrite", "verify", "render", "done"]


# ---------------------------------------------------------------- facts


def test_numbers_the_resume_does_not_contain_never_reach_the_file(any_store, monkeypatch):
    llm = use_llm(monkeypatch, ScriptedLlm(lambda b: f"{b}, growing revenue by 45% for 300 clients in 2 weeks"))
    job_id = submit()
    assert run_queue(any_store) == []
    text = "\n".join(t for _, t in docx_text(result_file(job_id)))
    assert "45%" not in text and "300" not in text and "2 weeks" not in text
    assert "[X%] for [N] clients in [N] weeks" in text
    assert "2 million events" in text and "30%" in text  # numbers from the resume survive
    flags = status(job_id)["report"]["flags"]
    # "2 million" in the resume is not the number 2: the guard is strict about magnitudes.
    assert {f["text"] for f in flags} == {"45%", "300", "2"}
    assert all(f["kind"] == "invented_number" and f["placeholder"] for f in flags)
    # only the terms the resume supports are offered to the writer
    assert llm.requests[0].keywords[:3] == ["Python", "AWS Lambda", "CI/CD"]
    assert "DynamoDB" not in llm.requests[0].keywords
    assert llm.requests[0].resume.startswith("# Jane Doe")


def test_invented_claims_never_reach_the_file(any_store, monkeypatch):
    use_llm(monkeypatch, ScriptedLlm(lambda b: f"Led {b[0].lower()}{b[1:]} at Google with Kafka and a PhD"))
    job_id = submit()
    assert run_queue(any_store) == []
    text = "\n".join(t for _, t in docx_text(result_file(job_id)))
    assert not {"Google", "Kafka", "PhD"} & set(text.split())
    # no bullet claims to have led: the resume never says so ("Helped ..." least of all)
    assert "Contributed to helped new team members" in text and "Led " not in text
    kinds = {f["kind"] for f in status(job_id)["report"]["flags"]}
    assert {"invented_employer", "invented_skill", "invented_degree", "inflated_role"} <= kinds


# ---------------------------------------------------------------- faults


def test_an_llm_outage_is_retried_through_the_queue_and_then_completes(any_store, monkeypatch):
    use_llm(monkeypatch, ScriptedLlm(ServiceUnavailable("The AI provider is busy"), lambda b: b))
    job_id = submit()
    records = receive(any_store)
    assert deliver(records) == [records[0]["messageId"]]
    waiting = container.job_store().get(job_id)
    assert waiting is not None and waiting.status == JobState.PROCESSING
    assert waiting.lastError == "The AI provider is busy" and "retrying" in waiting.message
    assert status(job_id)["status"] == "PROCESSING"

    again = receive(any_store)  # visible again at once (retry delay 0), same message
    assert [r["messageId"] for r in again] == [records[0]["messageId"]]
    assert again[0]["attributes"]["ApproximateReceiveCount"] == "2"
    assert deliver(again) == []
    done = container.job_store().get(job_id)
    assert done is not None and done.status == JobState.COMPLETED and done.attempts == 2 and done.lastError is None


def test_an_llm_failing_every_time_ends_in_the_dead_letter_queue_and_fails_the_job(embedded_env, monkeypatch):
    use_llm(monkeypatch, ScriptedLlm(UpstreamTimeout("The AI provider did not answer in time")))
    job_id = submit()
    deliveries = 0
    while records := receive("embedded"):
        assert deliver(records) == [records[0]["messageId"]]
        deliveries += 1
    assert deliveries == 3  # JOB_QUEUE_MAX_RECEIVES
    assert status(job_id)["status"] == "PROCESSING"
    dead = receive("embedded", dead=True)
    assert [json.loads(r["body"])["jobId"] for r in dead] == [job_id]
    assert deliver(dead) == []
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "dead_lettered"
    assert seen["message"] == "The job failed after 3 attempts. Last error: The AI provider did not answer in time"


def test_moto_sqs_redrives_to_the_dlq_and_the_dlq_record_fails_the_job(moto_env, monkeypatch):
    use_llm(monkeypatch, ScriptedLlm(ServiceUnavailable("The AI provider is busy")))
    job_id = submit()
    for _ in range(JOB_MAX_RECEIVES):
        records = receive("aws")
        assert deliver(records) == [records[0]["messageId"]]
    assert receive("aws") == []  # moto moved it to the DLQ on the next receive
    dead = receive("aws", dead=True)
    assert dead[0]["eventSourceARN"] == moto_env.dlq_arn
    assert deliver(dead) == []
    assert status(job_id)["status"] == "FAILED"


def test_an_exception_mid_job_fails_the_job_at_once_without_a_retry(any_store, monkeypatch):
    def broken_render(*_: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr("core.services.optimize.pipeline.render", broken_render)
    job_id = submit()
    assert run_queue(any_store) == []  # a retry would fail the same way
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "internal" and seen["step"] == "failed"
    assert "please submit again" in seen["message"]
    assert receive(any_store) == []


def test_a_job_that_finds_the_ai_budget_spent_fails_at_once_saying_so(any_store, monkeypatch, capsys):
    monkeypatch.setenv("AI_MONTHLY_BUDGET_CALLS", "1")
    container.reset()
    job_id = submit()  # accepted: the month's one call is still there
    sid = new_session_id()
    assert call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "hello"}).status == 200  # spends it
    assert run_queue(any_store) == []  # not given back to the queue: the budget is spent until the month ends
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "ai_budget_spent"
    assert "monthly AI budget is used up" in seen["message"]
    assert receive(any_store) == []
    assert '"AiBudgetRefused":[1.0]' in capsys.readouterr().out.replace(" ", "")


def test_storage_busy_mid_job_is_retried(moto_env):
    job_id = submit()
    records = receive("aws")
    with aws_error(client("s3"), "PutObject", "SlowDown", status=503):
        assert deliver(records) == [records[0]["messageId"]]
    assert status(job_id)["status"] == "PROCESSING"
    assert deliver(receive("aws")) == []
    assert status(job_id)["status"] == "COMPLETED"


def test_an_llm_answer_with_the_wrong_number_of_bullets_is_retried(embedded_env, monkeypatch):
    class Short(ScriptedLlm):
        def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
            return RewriteReply(bullets=request.bullets[:1])

    use_llm(monkeypatch, Short())
    job_id = submit()
    assert len(run_queue("embedded")) == 1
    assert "returned 1 bullet points for 4" in (container.job_store().get(job_id).lastError or "")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (lambda: pdf_bytes()[:900], "PDF could not be read"),
        (lambda: docx_bytes([]), "no text"),
        (scanned_pdf_bytes, "scanned image"),
    ],
    ids=["corrupted-pdf", "empty-docx", "scanned-pdf"],
)
def test_unreadable_documents_fail_the_job_with_a_clear_message(any_store, upload, fragment):
    job_id = submit(upload())  # the API accepts it: only the worker reads PDFs and DOCX
    assert run_queue(any_store) == []
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "unprocessable"
    assert fragment in seen["message"]


def test_redelivery_of_a_finished_job_does_nothing(any_store):
    job_id = submit()
    records = receive(any_store)
    assert deliver(records) == []
    before = container.job_store().get(job_id)
    data = result_file(job_id)
    assert deliver(records) == []  # the same message again (SQS delivers at least once)
    assert container.job_store().get(job_id) == before
    assert result_file(job_id) == data


def test_a_dead_letter_for_a_finished_job_changes_nothing(embedded_env):
    job_id = submit()
    records = receive("embedded")
    deliver(records)
    dead = [{**records[0], "eventSourceARN": LOCAL_JOBS_DLQ_ARN}]
    assert deliver(dead) == []
    assert status(job_id)["status"] == "COMPLETED"


def test_a_dead_letter_for_a_queued_job_fails_it(any_store):
    job_id = submit()
    [record] = receive(any_store)
    dlq_arn = container.get_settings().jobs_dlq_arn
    assert deliver([{**record, "eventSourceARN": dlq_arn}]) == []
    seen = status(job_id)
    assert seen["status"] == "FAILED" and seen["error"] == "dead_lettered"


def test_a_job_past_its_deadline_is_failed_not_run(any_store, monkeypatch):
    llm = use_llm(monkeypatch, ScriptedLlm(lambda b: b))
    job_id = submit()
    later = int(time.time() * 1000) + 3 * 3600 * 1000
    monkeypatch.setattr("core.services.optimize.worker.now_ms", lambda: later)
    monkeypatch.setattr("core.services.optimize.status.now_ms", lambda: later)
    assert run_queue(any_store) == []
    assert llm.requests == []
    stored = container.job_store().get(job_id)
    assert stored is not None and stored.status == JobState.FAILED and stored.errorCode == "deadline_exceeded"


def test_a_job_owned_by_a_live_delivery_is_left_alone_and_retried_later(embedded_env):
    job_id = submit()
    store = container.job_lifecycle()
    now = int(time.time() * 1000)
    assert store.update(
        job_id,
        JobPatch(
            status=JobState.PROCESSING, claimId="other", claimMessageId="other-message", leaseUntilMs=now + 60_000
        ),
        Expect((JobState.QUEUED,)),
    )
    records = receive("embedded")
    assert deliver(records) == [records[0]["messageId"]]
    job = store.get(job_id)
    assert job is not None and job.claimId == "other" and job.status == JobState.PROCESSING


def test_a_redelivered_message_takes_over_its_own_crashed_attempt(any_store):
    """The worker died mid-job (lease still running): SQS redelivers the same message, which resumes it."""
    job_id = submit()
    [record] = receive(any_store)
    store = container.job_lifecycle()
    crashed = JobPatch(
        status=JobState.PROCESSING,
        step="rewrite",
        claimId="crashed",
        claimMessageId=record["messageId"],
        leaseUntilMs=int(time.time() * 1000) + 600_000,
    )
    assert store.update(job_id, crashed, Expect((JobState.QUEUED,)))
    assert deliver([record]) == []
    assert status(job_id)["status"] == "COMPLETED"


def test_a_batch_reports_only_its_failed_records(embedded_env, monkeypatch):
    class FailsOnKafka(ScriptedLlm):
        def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
            if "Kafka" in request.job_description:
                raise ServiceUnavailable("busy")
            return RewriteReply(bullets=request.bullets)

    use_llm(monkeypatch, FailsOnKafka())
    ok = submit()
    failing = submit(jobDescription=JOB_DESCRIPTION + "\nKafka")
    records = receive("embedded")
    junk = {**records[0], "messageId": "junk", "body": "not json"}
    failed = deliver([*records, junk])
    by_job = {json.loads(r["body"])["jobId"]: r["messageId"] for r in records}
    assert failed == [by_job[failing]]  # the malformed message is dropped, not retried forever
    assert status(ok)["status"] == "COMPLETED"
    assert status(failing)["status"] == "PROCESSING"


def test_a_message_for_an_unknown_job_is_dropped(embedded_env):
    record = {
        "messageId": "m1",
        "receiptHandle": "r1",
        "body": json.dumps({"jobId": new_session_id()}),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": LOCAL_JOBS_QUEUE_ARN,
        "awsRegion": "local",
    }
    assert deliver([record]) == []


def test_the_worker_reads_documents_the_api_never_imports():
    """API functions stay small: no API handler loads pypdf, python-docx or openai when it is imported (the
    export and chat functions load what they need inside the request that needs it)."""
    import subprocess
    import sys

    from core.routes import api_functions

    modules = ", ".join(f.handler_module for f in api_functions())
    assert "export.handler" in modules
    code = f"import sys, {modules}; print(sorted(m for m in ('pypdf', 'docx', 'openai') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_result_docx_reads_back(embedded_env):
    import docx

    job_id = submit(docx_bytes())
    run_queue("embedded")
    document = docx.Document(io.BytesIO(result_file(job_id)))
    assert document.paragraphs[0].style is not None and document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Jane Doe"


def test_status_of_a_completed_job_is_still_one_get_item(moto_env):
    # The download URL is presigned locally: no S3 call on the status path, whatever the job's state.
    job_id = submit()
    run_queue("aws")
    with record_calls(client("dynamodb"), client("s3"), client("sqs")) as log:
        assert status(job_id)["status"] == "COMPLETED"
    assert log.calls == [("dynamodb", "GetItem")]
