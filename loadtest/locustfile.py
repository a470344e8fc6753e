"""Locust users for Resume Chat, with per-route status accounting and the lost-write check at the end.

Run it through `python -m loadtest` (or `make loadtest`), which starts a local runtime when no URL is given,
picks the user classes the target serves and keeps the CSV files and summary. Direct use works too:
`locust -f loadtest/locustfile.py --headless -H http://127.0.0.1:8000 -u 10 -t 30s --results-dir out Typist`.
"""

from __future__ import annotations

import base64
import random
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, ClassVar

import gevent
import httpx
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser, ResponseContextManager
from locust.env import Environment

from loadtest.ledger import WriteLedger
from loadtest.plan import (
    CHAT,
    JOB_STATUS,
    JOBS,
    LLM_STATUS,
    OPTIMIZE,
    RESUME,
    SESSION,
    SNAPSHOT,
    SNAPSHOT_BY_ID,
    SNAPSHOTS,
    USER_ROUTES,
)
from loadtest.report import JobTally, build_summary, status_class, write_summary
from loadtest.texts import JOB_DESCRIPTION, bullet, resume_text
from loadtest.weblogic import WebLogic

LEDGER = WriteLedger()
WEB_APP = WebLogic()  # the web app's own three-way merge, for the paired writers
JOB_TALLY = JobTally()
# (method, route template) -> status class ("409", "503", "5xx", "network", ...) -> count
STATUSES: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)

# Sizes a new tab starts from (a pasted resume): most are short, some long (over the 4 KB compression line).
START_SIZES, START_WEIGHTS = (2 * 1024, 6 * 1024, 20 * 1024), (0.5, 0.35, 0.15)
MAX_TEXT_BYTES = 24 * 1024
# Same-text retries after 503/429 before the tab gives up on this save (the SPA keeps it in its journal).
SAVE_ATTEMPTS = 4
BULLET_ACTIONS = ("rephrase", "shorten", "quantify", "star")
QUESTIONS = (
    "Which bullet is weakest for a staff engineer role?",
    "Is my skills line too long?",
    "How do I show impact in the first job?",
)


@events.request.add_listener
def _count_status(request_type: str, name: str, response: Any = None, **_: Any) -> None:
    STATUSES[(request_type, name)][status_class(getattr(response, "status_code", 0) or 0)] += 1


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument("--results-dir", default="", help="write summary.json and summary.md here")
    parser.add_argument("--check-timeout", type=float, default=60, help="seconds to wait for the server at the end")


@events.quitting.add_listener
def _finish(environment: Environment, **_: Any) -> None:
    """Run the lost-write check against the server and write the summary; a lost write fails the run."""
    options = environment.parsed_options
    with httpx.Client(base_url=str(environment.host), timeout=10) as api:
        try:
            check = LEDGER.check(api, server_timeout_s=options.check_timeout if options else 60)
        except (TimeoutError, httpx.HTTPError) as exc:
            print(f"lost-write check: could not run ({exc})", flush=True)
            environment.process_exit_code = 3
            return
    users = int(getattr(options, "num_users", 0) or 0)
    run_time = float(getattr(options, "run_time", 0) or 0) or None
    summary = build_summary(
        environment.stats, STATUSES, check.as_dict(), users=users, run_time_s=run_time, jobs=JOB_TALLY
    )
    if options and options.results_dir:
        write_summary(summary, Path(options.results_dir))
    print(summary["table"], flush=True)
    print(check.describe(), flush=True)
    WEB_APP.close()
    environment.process_exit_code = 0 if check.ok else 1


def _checked(reply: ResponseContextManager, expected: int = 200) -> bool:
    if reply.status_code != expected:
        reply.failure(str(reply.status_code))
        return False
    return True


class ResumeOwner(FastHttpUser):
    """A browser tab that owns one session and autosaves it with versioned PUTs, recorded in the ledger."""

    abstract = True
    routes: ClassVar[frozenset[str]] = frozenset()

    def on_start(self) -> None:
        self.session_id = str(uuid.uuid4())
        self.version = 0
        self.text = ""
        self.in_doubt = False  # the last save got no answer: read what the server has before saving again
        size = random.choices(START_SIZES, weights=START_WEIGHTS)[0]
        self.save(resume_text(size, seed=random.randrange(1 << 30)))

    def save(self, text: str) -> None:
        """One autosave, as the SPA does it: retry after Retry-After, resolve unanswered saves, rebase on 409."""
        if self.in_doubt and not self.resync():
            return
        for _ in range(SAVE_ATTEMPTS):
            retry_after = self._put(text)
            if retry_after is None:
                return
            gevent.sleep(retry_after)

    def _put(self, text: str) -> float | None:
        """Send one save; returns the Retry-After to wait before sending it again, or None when done."""
        target = self.version + 1
        LEDGER.sending(self.session_id, target, text)
        with self.client.put(
            f"/api/resume/{self.session_id}",
            json={"text": text, "baseVersion": self.version},
            name=RESUME,
            catch_response=True,
        ) as reply:
            if reply.status_code == 200:
                self.version, self.text = int(reply.json()["version"]), text
                LEDGER.acknowledged(self.session_id, self.version, text)
                self.in_doubt = False
                return None
            reply.failure(str(reply.status_code))
            if reply.status_code in (429, 503):
                # Possibly applied before the retries ran out: a resend then meets a 409 carrying our own text.
                self.in_doubt = True
                return min(float(reply.headers.get("Retry-After") or 1), 10.0)
            if reply.status_code == 409:
                self._rebase(reply.json(), target)
            elif 400 <= reply.status_code < 500:
                LEDGER.rejected(self.session_id, target)
                if reply.status_code == 413:
                    self.text = resume_text(START_SIZES[0], seed=target)
            else:  # no answer, or a 5xx: the write may or may not have landed
                self.in_doubt = True
        return None

    def _rebase(self, conflict: dict[str, Any], target: int) -> None:
        current_version, current_text = int(conflict["currentVersion"]), str(conflict["currentText"])
        if LEDGER.sent_in_doubt(self.session_id, current_version) == current_text:
            # An earlier save of ours landed but its answer was lost: it counts as acknowledged now.
            LEDGER.acknowledged(self.session_id, current_version, current_text)
        else:
            LEDGER.rejected(self.session_id, target)
        self.version, self.text, self.in_doubt = current_version, current_text, False

    def resync(self) -> bool:
        """After a save without an answer, read what the server has; True when the tab can save again."""
        with self.client.get(f"/api/session/{self.session_id}", name=SESSION, catch_response=True) as reply:
            if not _checked(reply):
                return False
            stored = reply.json()
        version, text = int(stored["version"]), str(stored["resume"])
        if version > self.version and LEDGER.sent_in_doubt(self.session_id, version) == text:
            LEDGER.acknowledged(self.session_id, version, text)
        self.version, self.text, self.in_doubt = version, text, False
        return True


class PairedWriter(ResumeOwner):
    """Two of these edit one session at once, like a laptop and a phone. Each inserts lines of its own at random
    places; a 409 is merged three ways with the web app's merge (base = the text the edit was made on) and the
    merge is saved on top of the current version. Conflicting passages keep both sides, as "Keep both" does.
    The ledger expects every acknowledged line of either writer in the final text."""

    weight = 2
    wait_time = between(0.5, 1.5)
    routes = USER_ROUTES["PairedWriter"]
    # Sessions started by a first writer that wait for their second one.
    unpaired: ClassVar[list[str]] = []
    merge_rounds = 5

    def on_start(self) -> None:
        self.tag = f"- [{uuid.uuid4().hex[:8]}]"
        self.lines_added = 0
        self.version, self.text, self.in_doubt = 0, "", False
        self.merged_from: str | None = None
        if PairedWriter.unpaired:
            self.session_id = PairedWriter.unpaired.pop()
            self.resync()
        else:
            self.session_id = str(uuid.uuid4())
            PairedWriter.unpaired.append(self.session_id)
            self.save(resume_text(START_SIZES[0], seed=random.randrange(1 << 30)))

    @task
    def insert_a_line(self) -> None:
        if len(self.text.encode()) > MAX_TEXT_BYTES:
            return  # full: this pair has done its share
        lines = self.text.splitlines()
        self.lines_added += 1
        lines.insert(random.randint(0, len(lines)), f"{self.tag} line {self.lines_added}")
        self.save("\n".join(lines) + "\n")

    def save(self, text: str) -> None:
        if self.in_doubt and not self.resync():
            return
        for _ in range(SAVE_ATTEMPTS + self.merge_rounds):
            self.merged_from = None
            retry_after = self._put(text)
            if self.merged_from is not None:  # 409: merge ours into what the other writer saved, then save that
                text, _ = WEB_APP.merge(self.merged_from, text, self.text)
                continue
            if retry_after is None:
                break
            gevent.sleep(retry_after)
        if self.text == text and not self.in_doubt:
            LEDGER.expect_lines(self.session_id, [line for line in text.splitlines() if line.startswith(self.tag)])

    def _rebase(self, conflict: dict[str, Any], target: int) -> None:
        self.merged_from = self.text  # the text our edit was made on
        super()._rebase(conflict, target)


class Typist(ResumeOwner):
    """Types into the resume: a versioned save every ~0.7 s with growing text, and the occasional reload."""

    weight = 6
    wait_time = between(0.5, 0.9)
    routes = USER_ROUTES["Typist"]

    @task(12)
    def type_some(self) -> None:
        typed = random.choice([" ", "\n", ""]) + bullet(random.Random())[: random.randint(8, 40)]
        text = self.text + typed
        if len(text.encode()) > MAX_TEXT_BYTES:  # a long resume gets cut down, as people do
            text = text[: len(text) // 2]
        self.save(text)

    @task(1)
    def reload(self) -> None:
        with self.client.get(f"/api/session/{self.session_id}", name=SESSION, catch_response=True) as reply:
            if _checked(reply) and not self.in_doubt and reply.json()["version"] != self.version:
                reply.failure("reload returned another version than the last acknowledged save")


class Snapshotter(ResumeOwner):
    """Edits now and then, takes snapshots and browses the history."""

    weight = 1
    wait_time = between(2, 4)
    routes = USER_ROUTES["Snapshotter"]

    @task(2)
    def edit(self) -> None:
        self.save(self.text + "\n" + bullet(random.Random()))

    @task(2)
    def snapshot(self) -> None:
        with self.client.post(f"/api/snapshot/{self.session_id}", json={}, name=SNAPSHOT, catch_response=True) as r:
            _checked(r)

    @task(1)
    def history(self) -> None:
        with self.client.get(f"/api/snapshots/{self.session_id}", name=SNAPSHOTS, catch_response=True) as reply:
            snapshots = reply.json()["snapshots"] if _checked(reply) else []
        if snapshots:
            snapshot_id = random.choice(snapshots)["snapshotId"]
            path = f"/api/snapshots/{self.session_id}/{snapshot_id}"
            with self.client.get(path, name=SNAPSHOT_BY_ID, catch_response=True) as reply:
                _checked(reply)


class Chatter(ResumeOwner):
    """Works bullet by bullet with the assistant (rephrase/shorten/quantify/STAR), asks the odd question.

    Paced under the per-caller chat limit (10 a minute by default, for one person; every simulated user shares one
    source address, so a deployment without sign-in limits them together); a 429 is honoured like a 503."""

    weight = 2
    wait_time = between(6, 10)
    routes = USER_ROUTES["Chatter"]

    @task(6)
    def act_on_a_bullet(self) -> None:
        bullets = [line for line in self.text.splitlines() if line.startswith("- ")] or [bullet(random.Random())]
        self._ask({"action": random.choice(BULLET_ACTIONS), "selection": random.choice(bullets)})

    @task(2)
    def ask(self) -> None:
        self._ask({"action": "chat", "message": random.choice(QUESTIONS)})

    @task(1)
    def provider_status(self) -> None:
        with self.client.get(LLM_STATUS, name=LLM_STATUS, catch_response=True) as reply:
            _checked(reply)

    def _ask(self, body: dict[str, str]) -> None:
        with self.client.post(CHAT, json={"sessionId": self.session_id, **body}, name=CHAT, catch_response=True) as r:
            if _checked(r) or r.status_code not in (429, 503):
                return
            pause = min(float(r.headers.get("Retry-After") or 1), 30.0)
        gevent.sleep(pause)


class Optimizer(FastHttpUser):
    """Submits a resume and a job description, polls the job with backoff, downloads the result, lists its jobs."""

    weight = 1
    wait_time = between(10, 20)
    routes = USER_ROUTES["Optimizer"]
    poll_deadline_s = 180.0

    def on_start(self) -> None:
        self.session_id = str(uuid.uuid4())

    @task
    def optimize_a_resume(self) -> None:
        resume = resume_text(random.choice(START_SIZES[:2]), seed=random.randrange(1 << 30))
        body = {
            "resume": base64.b64encode(resume.encode()).decode(),
            "jobDescription": JOB_DESCRIPTION,
            "sessionId": self.session_id,
            "fileName": "resume.txt",
        }
        with self.client.post(OPTIMIZE, json=body, name=OPTIMIZE, catch_response=True) as reply:
            if not _checked(reply, 202):
                return
            job_id = reply.json()["jobId"]
        JOB_TALLY.submitted += 1
        submitted, pause = time.monotonic(), 0.5
        while time.monotonic() - submitted < self.poll_deadline_s:
            gevent.sleep(pause)
            pause = min(pause * 2, 4.0)
            with self.client.get(f"{JOB_STATUS}?jobId={job_id}", name=JOB_STATUS, catch_response=True) as reply:
                job = reply.json() if _checked(reply) else {}
            if job.get("status") == "COMPLETED":
                JOB_TALLY.completed(time.monotonic() - submitted)
                with self.client.get(job["optimizedResumeUrl"], name="download", catch_response=True) as r:
                    _checked(r)
                with self.client.get(f"{JOBS}?sessionId={self.session_id}", name=JOBS, catch_response=True) as r:
                    _checked(r)
                return
            if job.get("status") == "FAILED":
                JOB_TALLY.failed += 1
                return
        JOB_TALLY.unfinished += 1
