"""Realistic requests per function, used by the cold-invoke proxy and the AWS-call counts.

Paths and bodies name their data with placeholders: `{sid}` a session seeded with a resume, chat, a snapshot
and a finished optimize job; `{new}` a fresh session id each time; `{snapshot}` the seeded snapshot's id;
`{job}` the finished job's id; `{version}` the seeded resume's version. The ai-worker's event is an SQS record
for a job submitted just before.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from loadtest.texts import resume_text
from tests.helpers import FakeLambdaContext, api_event
from tests.resume_files import JOB_DESCRIPTION

RESUME_2KB = resume_text(2 * 1024, seed=7)
SELECTED_BULLET = next(line for line in RESUME_2KB.splitlines() if line.startswith("- "))
RESUME_FILE = base64.b64encode(RESUME_2KB.encode()).decode()
if TYPE_CHECKING:
    from core.auth import Caller

WORKER = "SQS"  # the method of the ai-worker's scenario: its event is a queue record, not an HTTP request


@dataclass(frozen=True)
class Seeded:
    session_id: str
    snapshot_id: str
    job_id: str
    version: int

    def fill(self, value: Any) -> Any:
        """Replace the placeholders in a path or body; `{new}` is a new UUIDv4 on every call."""
        if isinstance(value, str):
            return (
                value.replace("{sid}", self.session_id)
                .replace("{snapshot}", self.snapshot_id)
                .replace("{job}", self.job_id)
                .replace("{version}", str(self.version))
                .replace("{new}", str(uuid.uuid4()))
            )
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


def succeeded(result: dict[str, Any]) -> bool:
    """An HTTP answer below 400, or a queue batch with no failed record."""
    if "statusCode" in result:
        return int(result["statusCode"]) < 400
    return not result.get("batchItemFailures")


def bench_caller() -> Caller:
    """The one caller the bench's direct service calls come from (the loopback address, as under the runtime)."""
    from core.auth import Caller

    return Caller(owner=None, source_ip="127.0.0.1")


def submit_job(session_id: str) -> str:
    """Queue an optimize job through the service (2 KB text resume, the test job description)."""
    from core import container
    from core.models.jobs import OptimizeRequest

    request = OptimizeRequest(resume=RESUME_FILE, jobDescription=JOB_DESCRIPTION, sessionId=session_id, fileName=None)
    return container.optimize_service().submit(request, caller=bench_caller(), lambda_context=FakeLambdaContext()).jobId


def queue_record_event(job_id: str) -> dict[str, Any]:
    """The SQS event Lambda's event source mapping hands the ai-worker for one job message."""
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": f"bench-{uuid.uuid4()}",
                "body": json.dumps({"jobId": job_id}),
                "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0", "SenderId": "bench",
                               "ApproximateFirstReceiveTimestamp": "0"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:resume-jobs",
                "awsRegion": "us-east-1",
            }
        ]
    }  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    function: str
    label: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    # The request the cold-invoke proxy sends to this function (one per function).
    cold: bool = False

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    def event(self, seeded: Seeded) -> dict[str, Any]:
        if self.method == WORKER:
            return queue_record_event(submit_job(str(uuid.uuid4())))
        body = seeded.fill(self.body) if self.body is not None else None
        return api_event(self.method, seeded.fill(self.path), body, query=seeded.fill(self.query) or None)


# What a visible tab of the web app sends every few seconds (If-None-Match: W/"v<version>" costs the same).
FRESHNESS_POLL = Scenario(
    "session", "freshness poll, nothing newer (304)", "GET", "/api/session/{sid}", query={"knownVersion": "{version}"}
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("session", "health check", "GET", "/api/health"),
    Scenario("session", "open a session", "GET", "/api/session/{sid}", cold=True),
    Scenario("session", "open an unknown session (looks for a snapshot)", "GET", "/api/session/{new}"),
    FRESHNESS_POLL,
    Scenario("resume", "autosave (versioned)", "PUT", "/api/resume/{new}", {"text": RESUME_2KB, "baseVersion": 0},
             cold=True),
    Scenario("resume", "autosave (seed client, no baseVersion)", "PUT", "/api/resume/{new}", {"text": RESUME_2KB}),
    Scenario("resume", "autosave from a stale tab (409)", "PUT", "/api/resume/{sid}", {"text": "x", "baseVersion": 0}),
    Scenario("snapshot", "take a snapshot", "POST", "/api/snapshot/{sid}", cold=True),
    Scenario("snapshot", "list snapshots", "GET", "/api/snapshots/{sid}"),
    Scenario("snapshot", "read one snapshot", "GET", "/api/snapshots/{sid}/{snapshot}"),
    Scenario("chat", "rephrase a bullet (offline writing engine)", "POST", "/api/chat",
             {"sessionId": "{sid}", "action": "rephrase", "selection": SELECTED_BULLET}, cold=True),
    Scenario("chat", "provider status", "GET", "/api/llm/status"),
    Scenario("optimize", "submit a 2 KB text resume", "POST", "/api/optimize",
             {"resume": RESUME_FILE, "jobDescription": JOB_DESCRIPTION, "sessionId": "{new}"}, cold=True),
    Scenario("status-checker", "status of a finished job", "GET", "/api/status", query={"jobId": "{job}"},
             cold=True),
    Scenario("status-checker", "a session's jobs", "GET", "/api/jobs", query={"sessionId": "{sid}"}),
    Scenario("ai-worker", "run one job (offline writing engine)", WORKER, "jobs queue record", cold=True),
)  # fmt: skip


def seed(session_id: str | None = None) -> Seeded:
    """Create the `{sid}` session through the services (whatever storage the environment selects)."""
    from core import container
    from core.models.chat import ChatRequest
    from core.services.optimize.worker import Delivery

    session_id = session_id or str(uuid.uuid4())
    caller = bench_caller()
    saved = container.session_service().save_resume(session_id, resume_text(6 * 1024, seed=3), None, caller=caller)
    request = ChatRequest(sessionId=session_id, action="shorten", selection=SELECTED_BULLET)
    container.chat_service().chat(request, caller=caller)
    snapshot = container.snapshot_service().create(session_id, "manual", caller=caller)
    job_id = submit_job(session_id)
    container.job_worker().run(job_id, Delivery(str(uuid.uuid4()), "bench", 1, 60_000))
    return Seeded(session_id, snapshot.snapshotId, job_id, saved.version)


def available(scenarios: tuple[Scenario, ...] = SCENARIOS) -> list[Scenario]:
    """The scenarios whose handler exists on this branch."""
    import importlib.util

    from core.routes import FUNCTIONS

    return [s for s in scenarios if importlib.util.find_spec(FUNCTIONS[s.function].folder) is not None]
