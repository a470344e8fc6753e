"""An optimize job's lifecycle in one place: its states, the moves between them, who may make them and when.

    QUEUED ──claim──► PROCESSING ──► COMPLETED
       │               │  ▲
       │               └──┘ taken over: the lease ran out, or the queue redelivered the same message
       └───────────────┴──► FAILED

- Claim and lease: a claim makes one delivery of the queue message the job's owner until `leaseUntilMs` (the end
  of its invocation plus a margin). Progress, COMPLETED and the owner's own FAILED are written only while that
  claim still owns the job, so a job taken over or failed by its deadline is never overwritten.
- Deadline: past `deadlineMs` an unfinished job is never claimed and reads FAILED (`fail_if_overdue`).
- Failure classes: a temporary error (LLM 429/502/503/504, storage busy) gives the job back to the queue; any
  other domain error (a spent monthly AI budget too: it lasts past any job's deadline), and an unexpected
  exception, fails it at once (a retry would fail the same way); a
  dead-lettered message, a job that could not be queued and a job past its deadline are failed by whoever sees it.

Every change is read → decided here → written with a compare-and-set on the job's version
(`JobStore.put_if_version`): the adapters only store records, and the rules are not written again as DynamoDB
condition expressions and SQL. A writer that loses a race reads again and decides again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ...clock import iso_from_ms
from ...errors import AiBudgetSpent, AppError, ServiceUnavailable
from ...ids import log_id
from ...models.jobs import UNFINISHED, JobPatch, JobRecord, JobState
from ...observability import logger, metrics
from ...ports.jobs import JobStore

# The moves between states. Besides these, an unfinished job may change without moving (progress, a new lease);
# a finished job never changes again.
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.PROCESSING, JobState.FAILED}),
    JobState.PROCESSING: frozenset({JobState.COMPLETED, JobState.FAILED}),
    JobState.COMPLETED: frozenset(),
    JobState.FAILED: frozenset(),
}
# Temporary failures, by the HTTP status of the domain error: rate limits, provider errors, unavailability,
# timeouts. They are worth another delivery; every other error fails the job.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# A lease outlives the invocation that holds it by this much (clock skew, the last write in flight).
LEASE_MARGIN_MS = 5000
# A writer that loses this many races in a row reports the store busy (the worker then retries via the queue).
MAX_RACES = 3


class IllegalTransition(RuntimeError):
    """A write asked for a move the lifecycle does not have: a bug in the caller, never bad input."""


@dataclass(frozen=True)
class Expect:
    """The condition a job write needs; the write does nothing (returns False) when the stored job differs."""

    statuses: tuple[JobState, ...]
    claim_id: str | None = None  # the job must still be owned by this delivery
    deadline_passed_at_ms: int | None = None  # the job's deadline must be at or before this time


@dataclass(frozen=True)
class Claim:
    claim_id: str
    message_id: str
    lease_until_ms: int
    now_ms: int
    now_iso: str

    @classmethod
    def for_delivery(cls, message_id: str, receive_count: int, remaining_ms: int, now: int) -> Claim:
        """A claim for one delivery, unique even across redeliveries; its lease ends with the invocation."""
        return cls(
            claim_id=f"{message_id}#{receive_count}#{os.urandom(4).hex()}",
            message_id=message_id,
            lease_until_ms=now + max(0, remaining_ms) + LEASE_MARGIN_MS,
            now_ms=now,
            now_iso=iso_from_ms(now),
        )


def overdue(job: JobRecord, now_ms: int) -> bool:
    return job.status in UNFINISHED and now_ms >= job.deadlineMs


def meets(job: JobRecord, expect: Expect) -> bool:
    if job.status not in expect.statuses:
        return False
    if expect.claim_id is not None and job.claimId != expect.claim_id:
        return False
    return expect.deadline_passed_at_ms is None or job.deadlineMs <= expect.deadline_passed_at_ms


def claimable(job: JobRecord, claim: Claim) -> bool:
    """A queued job, or a processing one whose lease ran out or that an earlier delivery of the same message
    holds (the queue redelivers only after the visibility timeout: that attempt is gone); never past the deadline."""
    if job.deadlineMs <= claim.now_ms:
        return False
    if job.status == JobState.QUEUED:
        return True
    return job.status == JobState.PROCESSING and (
        (job.leaseUntilMs or 0) < claim.now_ms or job.claimMessageId == claim.message_id
    )


def allowed(before: JobState, after: JobState) -> bool:
    return after in TRANSITIONS[before] or (after == before and before in UNFINISHED)


def is_temporary(error: AppError) -> bool:
    # A spent AI budget is a 429 as well, but it lasts until the month ends: retries would only use up deliveries.
    return error.status in RETRYABLE_STATUSES and not isinstance(error, AiBudgetSpent)


# ---------------------------------------------------------------- failures noticed by someone else than the owner


def deadline_failure(now_ms: int) -> JobPatch:
    return JobPatch.failed(
        "The job did not finish in time; please submit it again.", "deadline_exceeded", iso_from_ms(now_ms)
    )


def dead_letter_failure(job: JobRecord, now_ms: int) -> JobPatch:
    reason = f" Last error: {job.lastError}" if job.lastError else ""
    return JobPatch.failed(
        f"The job failed after {job.attempts} attempts.{reason}", "dead_lettered", iso_from_ms(now_ms)
    )


def unqueued_failure(now_ms: int) -> JobPatch:
    return JobPatch.failed(
        "The job could not be queued; please submit it again.", "service_unavailable", iso_from_ms(now_ms)
    )


class JobLifecycle:
    """The job records as the services see them: every write follows the rules above."""

    def __init__(self, store: JobStore, retry_after_s: int) -> None:
        self._store = store
        self._retry_after_s = retry_after_s

    def get(self, job_id: str) -> JobRecord | None:
        return self._store.get(job_id)

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        """Newest first."""
        return self._store.list_for_session(session_id, limit)

    def create(self, job: JobRecord) -> None:
        """Store a new QUEUED job (its id is fresh: an existing one is a bug, not a race)."""
        if job.status != JobState.QUEUED:
            raise IllegalTransition(f"a job starts QUEUED, not {job.status}")
        if not self._store.put_if_version(job.model_copy(update={"version": 1}), 0):
            raise IllegalTransition(f"job {job.jobId} already exists")

    def claim(self, job_id: str, claim: Claim, patch: JobPatch) -> tuple[bool, JobRecord | None]:
        """QUEUED → PROCESSING for this delivery (counting an attempt and writing `patch`), or a takeover (see
        `claimable`). Returns (claimed, the job as stored now; None when there is no such job)."""

        def claimed(job: JobRecord) -> JobRecord | None:
            if not claimable(job, claim):
                return None
            return job.patched(
                {
                    **patch.fields(),
                    "status": JobState.PROCESSING,
                    "claimId": claim.claim_id,
                    "claimMessageId": claim.message_id,
                    "leaseUntilMs": claim.lease_until_ms,
                    "updatedAt": claim.now_iso,
                    "attempts": job.attempts + 1,
                }
            )

        return self._change(job_id, claimed)

    def update(self, job_id: str, patch: JobPatch, expect: Expect) -> bool:
        """Write the patch if the job meets `expect`; False (nothing written) otherwise or when it is gone."""
        written, _ = self._change(job_id, lambda job: job.patched(patch.fields()) if meets(job, expect) else None)
        return written

    def fail_if_overdue(self, job: JobRecord, now: int) -> JobRecord:
        """A job past its deadline is FAILED: mark it so and return what the store now holds.

        When the write cannot be made (storage busy) the answer is still FAILED: the deadline is the truth."""
        if not overdue(job, now):
            return job
        patch = deadline_failure(now)
        expect = Expect(UNFINISHED, deadline_passed_at_ms=now)
        try:
            written, current = self._change(
                job.jobId, lambda j: j.patched(patch.fields()) if meets(j, expect) else None, known=job
            )
            if not written:
                return current or job  # it finished (or failed) just before the deadline
            logger.warning("job past its deadline marked failed", extra={"job": log_id(job.jobId)})
            metrics.add_metric(name="OptimizeJobDeadlineExceeded", unit="Count", value=1)
        except ServiceUnavailable:
            logger.warning("could not mark an overdue job failed", extra={"job": log_id(job.jobId)})
        return job.patched(patch.fields())

    def _change(
        self, job_id: str, decide: Callable[[JobRecord], JobRecord | None], known: JobRecord | None = None
    ) -> tuple[bool, JobRecord | None]:
        """Write what `decide` makes of the stored job (None: leave it), unless the job changed since it was read;
        then read and decide again. `known` is the job as just read, when the caller has it (saves a read).
        Returns (written, the job as stored now; None when there is no such job)."""
        job = known
        for _ in range(MAX_RACES):
            job = job or self._store.get(job_id)
            if job is None:
                return False, None
            changed = decide(job)
            if changed is None:
                return False, job
            if not allowed(job.status, changed.status):
                raise IllegalTransition(f"a job cannot go from {job.status} to {changed.status}")
            changed = changed.model_copy(update={"version": job.version + 1})
            if self._store.put_if_version(changed, job.version):
                return True, changed
            job = None
        raise ServiceUnavailable("The job is busy right now; please retry.", retry_after=self._retry_after_s)
