"""Session, job and export ids are capabilities: no log line carries one, only its keyed hash (`core.ids.log_id`)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from chat.handler import lambda_handler as chat_api
from export.handler import lambda_handler as export_api
from optimize.handler import lambda_handler as optimize_api
from resume.handler import lambda_handler as resume_api
from session.handler import lambda_handler as session_api
from snapshot.handler import lambda_handler as snapshot_api
from status_checker.handler import lambda_handler as status_api

from core import container
from core.ids import log_id
from core.observability import logger
from local import job_queue
from local.invoker import LambdaInvoker
from tests.helpers import call, new_session_id
from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT, b64

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


@pytest.fixture
def captured_logs(embedded_env, monkeypatch) -> Iterator[io.StringIO]:
    """Every log line at every level, formatted as Powertools writes it (and anything else that logs)."""
    monkeypatch.setenv("JOB_RETRY_DELAY_SECONDS", "0")
    container.reset()
    job_queue._recovered.cache_clear()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    level = logger.log_level
    logger.addHandler(handler)
    logging.getLogger().addHandler(handler)
    logger.setLevel("DEBUG")
    try:
        yield stream
    finally:
        logger.setLevel(level)
        logger.removeHandler(handler)
        logging.getLogger().removeHandler(handler)


def test_the_main_flows_log_hashes_of_ids_never_the_ids(captured_logs):
    sid = new_session_id()
    answers = [
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": RESUME_TEXT}),
        call(resume_api, "PUT", f"/api/resume/{sid}", {"text": "stale", "baseVersion": 0}),  # 409
        call(session_api, "GET", f"/api/session/{sid}"),
        call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": "Make my first bullet stronger"}),
        call(chat_api, "POST", "/api/chat", {"sessionId": sid, "action": "quantify", "selection": "Led a team"}),
        call(snapshot_api, "POST", f"/api/snapshot/{sid}"),
        call(snapshot_api, "GET", f"/api/snapshots/{sid}"),
        call(export_api, "POST", "/api/export", {"text": RESUME_TEXT, "format": "docx"}),
    ]
    submitted = call(
        optimize_api, "POST", "/api/optimize", {"resume": b64(RESUME_TEXT.encode()), "jobDescription": JOB_DESCRIPTION,
                                               "sessionId": sid},
    )  # fmt: skip
    job_id = submitted.body["jobId"]
    assert job_queue.poll_job_queue(LambdaInvoker()) == 1  # the ai-worker runs the job
    answers += [
        submitted,
        call(status_api, "GET", "/api/status", query={"jobId": job_id}),
        call(status_api, "GET", "/api/jobs", query={"sessionId": sid}),
    ]
    assert [a.status for a in answers] == [200, 409, 200, 200, 200, 200, 200, 200, 202, 200, 200]
    assert answers[-2].body["status"] == "COMPLETED"

    ids = {sid, job_id} | {i.lower() for a in answers for i in UUID.findall(str(a.body))}
    logs = captured_logs.getvalue()
    assert "assistant answered" in logs and "job started" in logs  # the flows did log
    assert not [i for i in ids if i in logs.lower()]
    assert log_id(sid) in logs and log_id(job_id) in logs  # one session's and one job's lines can be followed


def test_log_hashes_are_stable_and_keyed(embedded_env, monkeypatch):
    sid = new_session_id()
    assert log_id(sid) == log_id(sid.upper()) and log_id(sid) != log_id(new_session_id())
    monkeypatch.setenv("LOG_ID_KEY", "deployment-a")
    container.reset()
    first = log_id(sid)
    monkeypatch.setenv("LOG_ID_KEY", "deployment-b")
    container.reset()
    assert log_id(sid) != first and sid not in first
