"""The optimize flow through the local runtime process: submit → poll → COMPLETED → download the .docx."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from core import container
from tests.e2e.runtime import REPO, LocalRuntime, MotoServer, wait_until
from tests.helpers import new_session_id
from tests.resume_files import JOB_DESCRIPTION, b64, docx_text, pdf_bytes

pytestmark = pytest.mark.e2e
POLL_TIMEOUT_S = 60


def finished(api: httpx.Client, job_id: str) -> dict[str, Any]:
    """Poll the status like the seed's client (with a deadline instead of forever)."""

    def done() -> dict[str, Any] | None:
        body = api.get("/api/status", params={"jobId": job_id}).json()
        return body if body["status"] != "PROCESSING" else None

    return wait_until(done, POLL_TIMEOUT_S, f"job {job_id} to finish", interval=0.2)


def assert_optimized_docx(data: bytes) -> None:
    paragraphs = docx_text(data)
    assert paragraphs[0] == ("Title", "Jane Doe")
    styles = [style for style, _ in paragraphs]
    assert "Heading 1" in styles and styles.count("List Bullet") >= 5
    text = "\n".join(t for _, t in paragraphs)
    assert "AWS Lambda" in text and "2 million events" in text


def test_submit_poll_and_download_the_docx(runtime: LocalRuntime):
    api = httpx.Client(base_url=runtime.base_url, timeout=10)
    session_id = new_session_id()
    submitted = api.post(
        "/api/optimize",
        json={"resume": b64(pdf_bytes()), "jobDescription": JOB_DESCRIPTION, "sessionId": session_id},
    )
    assert submitted.status_code == 202
    job_id = submitted.json()["jobId"]
    assert submitted.json()["status"] == "PROCESSING"
    assert submitted.headers["location"] == f"/api/status?jobId={job_id}"

    done = finished(api, job_id)
    assert done["status"] == "COMPLETED", done
    assert done["progress"] == 100 and done["report"]["coverageAfter"]["score"] >= 0
    assert done["optimizedResumeUrl"].startswith(f"{runtime.base_url}/api/download/{job_id}/optimized.docx?")

    download = httpx.get(done["optimizedResumeUrl"], timeout=10)
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="{done["downloadFilename"]}"'
    assert_optimized_docx(download.content)

    listed = api.get("/api/jobs", params={"sessionId": session_id}).json()["jobs"]
    assert [(j["jobId"], j["status"]) for j in listed] == [(job_id, "COMPLETED")]
    assert api.get("/api/status", params={"jobId": new_session_id()}).status_code == 404
    bad = api.post("/api/optimize", json={"resume": "%%%", "jobDescription": "x"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"


def test_a_job_in_flight_when_the_runtime_dies_resumes_after_the_restart(
    runtime: LocalRuntime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    runtime.kill()  # kill -9
    # While it is down: a job is queued and its message was taken by the (now dead) worker.
    monkeypatch.setenv("STORAGE", "embedded")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    container.reset()
    from optimize.handler import lambda_handler as optimize_api

    from tests.helpers import call

    job_id = call(
        optimize_api, "POST", "/api/optimize", {"resume": b64(pdf_bytes()), "jobDescription": JOB_DESCRIPTION}
    ).body["jobId"]
    [in_flight] = container.embedded_job_queue().receive()
    assert in_flight.receive_count == 1
    container.reset()

    runtime.start()
    api = httpx.Client(base_url=runtime.base_url, timeout=10)
    assert finished(api, job_id)["status"] == "COMPLETED"


def test_the_optimize_flow_on_the_aws_adapters_against_moto_server(tmp_path: Path):
    moto = MotoServer(log_path=tmp_path / "moto.log").start()
    aws_env = {
        "STORAGE": "aws",
        "AWS_ENDPOINT_URL": moto.base_url,
        "DDB_TABLE": "e2e-sessions",
        "IDEMPOTENCY_TABLE": "e2e-idempotency",
        "SNAPSHOT_BUCKET": "e2e-snapshots",
        "JOBS_BUCKET": "e2e-jobs",
    }
    try:
        env = {**os.environ, **aws_env, "PYTHONPATH": f"{REPO / 'lambdas'}:{REPO}"}
        out = subprocess.run(
            [sys.executable, "-m", "local.provision"], cwd=REPO, env=env, check=True, capture_output=True, text=True
        )
        queues = dict(line.split("=", 1) for line in out.stdout.split())
        runtime = LocalRuntime(
            log_path=tmp_path / "runtime.log", env={**aws_env, **queues, "DATA_DIR": str(tmp_path / "d")}
        )
        runtime.start()
        try:
            api = httpx.Client(base_url=runtime.base_url, timeout=10)
            body = {"resume": b64(pdf_bytes()), "jobDescription": JOB_DESCRIPTION}
            job_id = api.post("/api/optimize", json=body).json()["jobId"]
            assert api.post("/api/optimize", json=body).json()["jobId"] == job_id  # DynamoDB idempotency
            done = finished(api, job_id)
            assert done["status"] == "COMPLETED", done
            url = done["optimizedResumeUrl"]
            assert (
                url.startswith(f"{moto.base_url}/e2e-jobs/jobs/{job_id}/optimized.docx?") and "X-Amz-Signature" in url
            )
            download = httpx.get(url, timeout=10)
            assert download.status_code == 200
            assert_optimized_docx(download.content)
        finally:
            runtime.stop()
    finally:
        moto.stop()
