"""The ai-worker's side of a job: claim it for one queue delivery, run the pipeline, settle the outcome.

Outcomes (the failure classes are the lifecycle's):
- COMPLETED with the file and the report (written by the pipeline);
- FAILED with a clear message for bad input (4xx errors), a spent monthly AI budget, and unexpected errors
  (a retry would fail again);
- a temporary failure (LLM 429/502/503/504, storage busy) is retried through the queue: the message is made
  visible again soon, and after the queue's last receive the dead-letter record marks the job FAILED.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...clock import iso_from_ms, now_ms
from ...errors import AppError, ServiceUnavailable
from ...ids import log_id
from ...models.jobs import UNFINISHED, JobPatch, JobRecord, JobState
from ...observability import logger, metrics
from ...ports.jobs import JobQueue
from .lifecycle import Claim, Expect, JobLifecycle, dead_letter_failure, is_temporary, overdue
from .pipeline import JobLost, OptimizePipeline, step_patch


@dataclass(frozen=True)
class Delivery:
    """One delivery of a queue message."""

    message_id: str
    receipt_handle: str
    receive_count: int
    remaining_ms: int  # time left in this invocation: the lease cannot outlive it


class JobBusy(Exception):
    """Another live delivery owns the job: try this message again later."""


class JobWorker:
    def __init__(
        self,
        store: JobLifecycle,
        queue: JobQueue,
        pipeline: OptimizePipeline,
        retry_delay_s: int,
    ) -> None:
        self._store = store
        self._queue = queue
        self._pipeline = pipeline
        self._retry_delay_s = retry_delay_s

    # ------------------------------------------------------------ entry points

    def run(self, job_id: str, delivery: Delivery) -> None:
        """Process one delivery. Returns when the message is done with; raises to have it delivered again."""
        now = now_ms()
        claim = Claim.for_delivery(delivery.message_id, delivery.receive_count, delivery.remaining_ms, now)
        claimed, job = self._store.claim(job_id, claim, step_patch("parse"))
        if job is None:
            logger.warning("message for an unknown job dropped", extra={"job": log_id(job_id)})
            return
        if not claimed:
            self._not_claimed(job, now)
            return
        logger.info("job started", extra={"job": log_id(job_id), "attempt": job.attempts, "kind": job.inputKind})
        try:
            self._pipeline.run(job, claim.claim_id)
        except JobLost:
            logger.info("job no longer ours; stopped", extra={"job": log_id(job_id)})
        except AppError as exc:
            if is_temporary(exc):
                self._retry_later(job, claim.claim_id, delivery, exc)
                raise
            self._fail(job, claim.claim_id, exc.message, exc.code)
        except Exception:
            logger.exception("job failed unexpectedly", extra={"job": log_id(job_id)})
            self._fail(job, claim.claim_id, "Something went wrong while optimizing; please submit again.", "internal")

    def dead_lettered(self, job_id: str) -> None:
        """The message used all its deliveries: the job is FAILED (if it is not finished)."""
        job = self._store.get(job_id)
        if job is None or job.status not in UNFINISHED:
            return
        if self._store.update(job_id, dead_letter_failure(job, now_ms()), Expect(UNFINISHED)):
            logger.warning("dead-lettered job marked failed", extra={"job": log_id(job_id), "attempts": job.attempts})
            metrics.add_metric(name="OptimizeJobDeadLettered", unit="Count", value=1)

    # ------------------------------------------------------------ outcomes

    def _not_claimed(self, job: JobRecord, now: int) -> None:
        if job.status not in UNFINISHED:
            logger.info("redelivered message for a finished job ignored", extra={"job": log_id(job.jobId)})
            return
        if overdue(job, now):
            self._store.fail_if_overdue(job, now)
            return
        raise JobBusy(f"job {job.jobId} is being processed by another delivery")

    def _fail(self, job: JobRecord, claim_id: str, message: str, code: str) -> None:
        patch = JobPatch.failed(message, code, iso_from_ms(now_ms()))
        if self._store.update(job.jobId, patch, Expect((JobState.PROCESSING,), claim_id=claim_id)):
            logger.info("job failed", extra={"job": log_id(job.jobId), "code": code})
            metrics.add_metric(name="OptimizeJobFailed", unit="Count", value=1)

    def _retry_later(self, job: JobRecord, claim_id: str, delivery: Delivery, exc: AppError) -> None:
        """Give the job up for another delivery: the lease ends now and the message comes back soon."""
        logger.warning("job hit a temporary failure; will retry", extra={"job": log_id(job.jobId), "code": exc.code})
        metrics.add_metric(name="OptimizeJobRetried", unit="Count", value=1)
        patch = JobPatch(
            message=f"Temporary problem ({exc.message}); retrying shortly",
            lastError=exc.message,
            leaseUntilMs=0,
            updatedAt=iso_from_ms(now_ms()),
        )
        try:
            self._store.update(job.jobId, patch, Expect((JobState.PROCESSING,), claim_id=claim_id))
            self._queue.retry_later(delivery.receipt_handle, self._retry_delay_s * delivery.receive_count)
        except ServiceUnavailable:
            pass  # the visibility timeout brings the message back anyway
