"""Fault drills on running processes under load: the load test (`python -m loadtest`) drives typists while a
fault is injected, and its lost-write check - the same code `make loadtest` ends with - must pass."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.faults import FaultProxy
from tests.e2e.runtime import REPO, LocalRuntime, MotoServer, free_port, provision_aws, wait_until
from tests.fake_openai import FakeOpenAI, Step, fake_openai  # noqa: F401 - the fixture
from tests.helpers import new_session_id
from tests.resume_files import JOB_DESCRIPTION, b64, pdf_bytes

pytestmark = pytest.mark.e2e
# The AWS drills share one moto server, proxy and runtime (module fixture): keep them on one xdist worker.
aws_drill = pytest.mark.xdist_group("aws-drills")

PUT_RESUME = "PUT /api/resume/{sessionId}"


def start_load(url: str, out: Path, users: int, duration: str, classes: str = "Typist") -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "loadtest", "--url", url, "--users", str(users), "--spawn-rate", str(users)]
    command += ["--duration", duration, "--user-classes", classes, "--out", str(out)]
    log = open(out.parent / f"{out.name}.log", "wb")  # noqa: SIM115 - handed to the child process
    return subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def finished_run(load: subprocess.Popen[bytes], out: Path, users: int) -> dict[str, Any]:
    """Wait for the load run; its summary (routes and lost-write check) and exit status."""
    code = load.wait(timeout=180)
    log = (out.parent / f"{out.name}.log").read_text(errors="replace")
    summary_file = out / f"users-{users:03d}" / "summary.json"
    assert summary_file.exists(), log
    summary = json.loads(summary_file.read_text())
    return {"code": code, "log": log, "check": summary["lostWriteCheck"], "routes": summary["routes"]}


def route(run: dict[str, Any], name: str) -> dict[str, Any]:
    return next(row for row in run["routes"] if row["route"] == name)


def test_kill_9_under_load_loses_no_acknowledged_write(tmp_path: Path):
    runtime = LocalRuntime(log_path=tmp_path / "runtime.log", env={"DATA_DIR": str(tmp_path / "data")}).start()
    try:
        load = start_load(runtime.base_url, tmp_path / "load", users=6, duration="14s")

        def saves() -> int:
            try:
                with sqlite3.connect(tmp_path / "data" / "resume-chat.db", timeout=5) as db:
                    return int(db.execute("SELECT COALESCE(SUM(version), 0) FROM resumes").fetchone()[0])
            except sqlite3.OperationalError:  # no table before the first save
                return 0

        wait_until(lambda: saves() >= 40, 60, "40 saves under load", interval=0.1)
        runtime.kill()  # SIGKILL: no shutdown hooks, no flush, requests in flight
        runtime.start()  # same port and DATA_DIR: the load runs on against the restarted process
        run = finished_run(load, tmp_path / "load", users=6)
    finally:
        runtime.stop()

    assert run["code"] == 0, run["log"]
    assert run["check"]["ok"] and run["check"]["sessionsChecked"] > 0, run["check"]
    put = route(run, PUT_RESUME)
    assert put["errors"]["network"] > 0, "the kill did not happen under load"
    assert put["errors"]["5xx"] == 0


@pytest.fixture(scope="module")
def aws_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalRuntime, FaultProxy]]:
    """The local runtime on the AWS adapters, reaching moto server through the fault proxy."""
    logs = tmp_path_factory.mktemp("aws-drills")
    moto = MotoServer(log_path=logs / "moto.log").start()
    proxy = FaultProxy(moto.base_url).start()
    env = provision_aws(moto.base_url) | {"AWS_ENDPOINT_URL": proxy.base_url, "DATA_DIR": str(logs / "data")}
    runtime = LocalRuntime(log_path=logs / "runtime.log", env=env).start()
    try:
        yield runtime, proxy
    finally:
        runtime.stop()
        proxy.stop()
        moto.stop()


@aws_drill
def test_dynamodb_throttling_is_503_with_retry_after_and_retrying_clients_lose_nothing(aws_runtime, tmp_path):
    runtime, proxy = aws_runtime
    proxy.heal()
    load = start_load(runtime.base_url, tmp_path / "load", users=4, duration="14s")
    try:
        wait_until(lambda: proxy.count("dynamodb", "PutItem", injected=False) >= 10, 60, "10 saves before throttling")
        proxy.fail("dynamodb", "PutItem", "ProvisionedThroughputExceededException", 400)
        # Every SDK attempt (3) of at least two saves is refused before the load is let through again.
        wait_until(lambda: proxy.count("dynamodb", "PutItem") >= 6, 60, "throttled save attempts")
    finally:
        proxy.heal()
    run = finished_run(load, tmp_path / "load", users=4)

    assert run["code"] == 0, run["log"]
    assert run["check"]["ok"] and run["check"]["sessionsChecked"] > 0, run["check"]
    put = route(run, PUT_RESUME)
    assert put["errors"]["503"] > 0, "no client saw the throttling"
    assert put["errors"]["5xx"] == put["errors"]["network"] == 0


@aws_drill
def test_throttled_save_answers_503_with_retry_after_over_http(aws_runtime):
    runtime, proxy = aws_runtime
    proxy.fail("dynamodb", "UpdateItem", "ThrottlingException", 400)
    try:
        reply = httpx.put(f"{runtime.base_url}/api/resume/{new_session_id()}", json={"text": "x"}, timeout=30)
    finally:
        proxy.heal()
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "1"
    assert reply.json()["error"] == "service_unavailable"


@aws_drill
def test_s3_down_fails_snapshots_but_never_a_save(aws_runtime, tmp_path):
    runtime, proxy = aws_runtime
    proxy.fail("s3", "*", "ServiceUnavailable", 503)
    try:
        load = start_load(runtime.base_url, tmp_path / "load", users=3, duration="8s", classes="Snapshotter,Typist")
        sid = new_session_id()
        httpx.put(f"{runtime.base_url}/api/resume/{sid}", json={"text": "safe"}, timeout=30).raise_for_status()
        snapshot = httpx.post(f"{runtime.base_url}/api/snapshot/{sid}", timeout=30)
        run = finished_run(load, tmp_path / "load", users=3)
    finally:
        proxy.heal()

    assert snapshot.status_code == 503 and snapshot.headers["Retry-After"]
    assert proxy.count("s3") > 0
    assert run["code"] == 0, run["log"]
    put = route(run, PUT_RESUME)
    assert put["requests"] > 0 and not any(put["errors"].values()), put


def job_outcome(base_url: str, job_id: str, timeout_s: float) -> dict[str, Any]:
    """Poll the job's status until it is no longer PROCESSING (with a deadline, like a patient client)."""

    def finished() -> dict[str, Any] | None:
        job = httpx.get(f"{base_url}/api/status", params={"jobId": job_id}, timeout=10).json()
        return job if job["status"] != "PROCESSING" else None

    return wait_until(finished, timeout_s, f"job {job_id} to finish", interval=0.2)


def submit_job(base_url: str, session_id: str | None = None) -> str:
    body = {"resume": b64(pdf_bytes()), "jobDescription": JOB_DESCRIPTION, "sessionId": session_id}
    submitted = httpx.post(f"{base_url}/api/optimize", json=body, timeout=30)
    assert submitted.status_code == 202, submitted.text
    return str(submitted.json()["jobId"])


def test_llm_provider_down_is_a_clear_error_jobs_fail_and_autosave_carries_on(tmp_path: Path):
    down = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": down,
        "OPENAI_API_KEY": "test-key",
        "LLM_MAX_RETRIES": "1",
        # A job retries a temporary failure through the queue: make the deliveries quick and few.
        "JOB_RETRY_DELAY_SECONDS": "0",
        "JOB_QUEUE_MAX_RECEIVES": "2",
        # The chatters and this test all come from 127.0.0.1, one caller: the provider's outage must answer, not
        # the per-caller limit.
        "CHAT_RATE_LIMIT": "1000",
    }
    runtime = LocalRuntime(log_path=tmp_path / "runtime.log", env=env).start()
    try:
        load = start_load(runtime.base_url, tmp_path / "load", users=2, duration="8s", classes="Chatter")
        sid = new_session_id()
        httpx.put(f"{runtime.base_url}/api/resume/{sid}", json={"text": "- Led the team"}, timeout=30)
        ask = {"sessionId": sid, "action": "rephrase", "selection": "- Led the team"}
        reply = httpx.post(f"{runtime.base_url}/api/chat", json=ask, timeout=60)
        history = httpx.get(f"{runtime.base_url}/api/session/{sid}", timeout=30).json()["chat"]
        job = job_outcome(runtime.base_url, submit_job(runtime.base_url, sid), timeout_s=90)
        listed = httpx.get(f"{runtime.base_url}/api/jobs", params={"sessionId": sid}, timeout=30).json()["jobs"]
        run = finished_run(load, tmp_path / "load", users=2)
    finally:
        runtime.stop()

    assert reply.status_code == 503 and int(reply.headers["Retry-After"]) >= 1
    assert reply.json()["error"] == "service_unavailable" and "cannot be reached" in reply.json()["message"]
    assert [m["role"] for m in history] == ["user"]  # the question is kept for when the provider is back
    # The job is not left PROCESSING: after its deliveries it is FAILED, saying why.
    assert job["status"] == "FAILED" and "cannot be reached" in job["message"], job
    assert [j["status"] for j in listed] == ["FAILED"]
    assert run["code"] == 0 and run["check"]["ok"], run["log"]
    chat = next((row for row in run["routes"] if row["route"] == "POST /api/chat"), None)
    if chat:  # every chat the load sent failed the same clear way
        assert chat["errors"]["503"] == chat["requests"]
    put = route(run, PUT_RESUME)
    assert put["requests"] > 0 and not any(put["errors"].values())


def test_worker_killed_mid_job_finishes_the_job_after_restart(tmp_path: Path, fake_openai: FakeOpenAI):  # noqa: F811
    fake_openai.script(Step(delay_s=120))  # the provider holds the rewrite call: the job stays mid-step
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": fake_openai.base_url,
        "OPENAI_API_KEY": "test-key",
        "LLM_TIMEOUT_SECONDS": "25",
        "LLM_MAX_RETRIES": "0",
    }
    runtime = LocalRuntime(log_path=tmp_path / "runtime.log", env=env).start()
    try:
        job_id = submit_job(runtime.base_url)

        def mid_job() -> bool:
            job = httpx.get(f"{runtime.base_url}/api/status", params={"jobId": job_id}, timeout=10).json()
            return job["step"] == "rewrite" and bool(fake_openai.requests)

        wait_until(mid_job, 60, "the worker to be inside the rewrite call")
        runtime.kill()  # SIGKILL while the worker waits for the provider
        runtime.env["LLM_PROVIDER"] = "writer"  # the provider is healthy when it comes back
        runtime.start()
        job = job_outcome(runtime.base_url, job_id, timeout_s=120)
    finally:
        runtime.stop()

    assert job["status"] == "COMPLETED" and job["progress"] == 100, job
    assert job["optimizedResumeUrl"]
