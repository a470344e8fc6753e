"""The ai-worker's job: parse → analyse the job description → rewrite → verify (fact guard) → render.

Every step writes its progress to the job record, conditional on this delivery still owning the job, so a
job that was taken over, finished or failed by its deadline is never overwritten. Outcomes:
- COMPLETED with the file and the report;
- FAILED with a clear message for bad input (4xx errors) and for unexpected errors (a retry would fail again);
- a temporary failure (LLM 429/502/503/504, storage busy) is retried through the queue: the message is made
  visible again soon, and after the queue's last receive the dead-letter record marks the job FAILED.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ..clock import iso_from_ms, now_ms
from ..documents.extract import extract_text, word_count
from ..documents.keywords import EXPLANATION, analyse_job_description, coverage, matched_terms
from ..documents.names import company_in, resume_file_name
from ..documents.readback import read_back
from ..documents.render import render
from ..documents.structure import ResumeStructure, parse_resume
from ..errors import AppError, ServiceUnavailable, Unprocessable, UpstreamError
from ..factguard import KnownFacts
from ..models.jobs import (
    STEP_PROGRESS,
    UNFINISHED,
    BulletChange,
    JobPatch,
    JobRecord,
    JobState,
    JobStep,
    KeywordTerm,
    OptimizeReport,
    ReportFlag,
)
from ..observability import logger, metrics
from ..ports.jobs import Claim, Expect, JobFiles, JobQueue, JobStore
from ..ports.llm import LlmProvider, RewriteRequest
from ..schema import job_description_key, job_result_key
from .jobs import fail_if_overdue

# HTTP statuses of errors worth another delivery: rate limits, provider errors, unavailability, timeouts.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
MAX_REWRITE_BLOCKS = 60
MIN_PARAGRAPH_WORDS = 8  # resumes without bullets: rewrite their longer paragraphs instead
LEASE_MARGIN_MS = 5000
COMPLETED_MESSAGE = "Resume optimization complete"
STEP_MESSAGES: dict[str, str] = {
    "parse": "Reading your resume",
    "analyse": "Analysing the job description",
    "rewrite": "Rewriting bullet points toward the job",
    "verify": "Checking every change against your resume",
    "render": "Building your document",
}


@dataclass(frozen=True)
class Delivery:
    """One delivery of a queue message."""

    message_id: str
    receipt_handle: str
    receive_count: int
    remaining_ms: int  # time left in this invocation: the lease cannot outlive it


class JobLost(Exception):
    """This delivery no longer owns the job (taken over, finished, or failed by its deadline)."""


class JobBusy(Exception):
    """Another live delivery owns the job: try this message again later."""


class JobWorker:
    def __init__(
        self,
        store: JobStore,
        queue: JobQueue,
        files: JobFiles,
        provider: Callable[[], LlmProvider],
        retry_delay_s: int,
    ) -> None:
        self._store = store
        self._queue = queue
        self._files = files
        self._provider = provider
        self._retry_delay_s = retry_delay_s

    # ------------------------------------------------------------ entry points

    def run(self, job_id: str, delivery: Delivery) -> None:
        """Process one delivery. Returns when the message is done with; raises to have it delivered again."""
        now = now_ms()
        claim = Claim(
            claim_id=f"{delivery.message_id}#{delivery.receive_count}#{os.urandom(4).hex()}",
            message_id=delivery.message_id,
            lease_until_ms=now + max(0, delivery.remaining_ms) + LEASE_MARGIN_MS,
            now_ms=now,
            now_iso=iso_from_ms(now),
        )
        claimed, job = self._store.claim(job_id, claim, self._step_patch("parse"))
        if job is None:
            logger.warning("message for an unknown job dropped", extra={"job_id": job_id})
            return
        if not claimed:
            self._not_claimed(job, now)
            return
        logger.info("job started", extra={"job_id": job_id, "attempt": job.attempts, "kind": job.inputKind})
        try:
            self._optimize(job, claim.claim_id)
        except JobLost:
            logger.info("job no longer ours; stopped", extra={"job_id": job_id})
        except AppError as exc:
            if exc.status in RETRYABLE_STATUSES:
                self._retry_later(job, claim.claim_id, delivery, exc)
                raise
            self._fail(job, claim.claim_id, exc.message, exc.code)
        except Exception:
            logger.exception("job failed unexpectedly", extra={"job_id": job_id})
            self._fail(job, claim.claim_id, "Something went wrong while optimizing; please submit again.", "internal")

    def dead_lettered(self, job_id: str) -> None:
        """The message used all its deliveries: the job is FAILED (if it is not finished)."""
        job = self._store.get(job_id)
        if job is None or job.status not in UNFINISHED:
            return
        reason = f" Last error: {job.lastError}" if job.lastError else ""
        patch = JobPatch.failed(
            f"The job failed after {job.attempts} attempts.{reason}", "dead_lettered", iso_from_ms(now_ms())
        )
        if self._store.update(job_id, patch, Expect(UNFINISHED)):
            logger.warning("dead-lettered job marked failed", extra={"job_id": job_id, "attempts": job.attempts})
            metrics.add_metric(name="OptimizeJobDeadLettered", unit="Count", value=1)

    # ------------------------------------------------------------ outcomes

    def _not_claimed(self, job: JobRecord, now: int) -> None:
        if job.status not in UNFINISHED:
            logger.info("redelivered message for a finished job ignored", extra={"job_id": job.jobId})
            return
        if job.past_deadline(now):
            fail_if_overdue(self._store, job, now)
            return
        raise JobBusy(f"job {job.jobId} is being processed by another delivery")

    def _fail(self, job: JobRecord, claim_id: str, message: str, code: str) -> None:
        patch = JobPatch.failed(message, code, iso_from_ms(now_ms()))
        if self._store.update(job.jobId, patch, Expect((JobState.PROCESSING,), claim_id=claim_id)):
            logger.info("job failed", extra={"job_id": job.jobId, "code": code})
            metrics.add_metric(name="OptimizeJobFailed", unit="Count", value=1)

    def _retry_later(self, job: JobRecord, claim_id: str, delivery: Delivery, exc: AppError) -> None:
        """Give the job up for another delivery: the lease ends now and the message comes back soon."""
        logger.warning("job hit a temporary failure; will retry", extra={"job_id": job.jobId, "code": exc.code})
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

    # ------------------------------------------------------------ the pipeline

    @staticmethod
    def _step_patch(step: JobStep) -> JobPatch:
        return JobPatch(
            step=step, progress=STEP_PROGRESS[step], message=STEP_MESSAGES[step], updatedAt=iso_from_ms(now_ms())
        )

    def _progress(self, job_id: str, claim_id: str, step: JobStep) -> None:
        if not self._store.update(job_id, self._step_patch(step), Expect((JobState.PROCESSING,), claim_id=claim_id)):
            raise JobLost(job_id)

    def _read(self, key: str) -> bytes:
        data = self._files.get(key)
        if data is None:
            raise Unprocessable("The uploaded file is no longer available; please submit it again.")
        return data

    def _optimize(self, job: JobRecord, claim_id: str) -> None:
        # parse (the claim already wrote this step)
        source = extract_text(self._read(job.inputKey), job.inputKind)
        structure = parse_resume(source)

        self._progress(job.jobId, claim_id, "analyse")
        job_description = self._read(job_description_key(job.jobId)).decode("utf-8")
        terms = analyse_job_description(job_description)
        if not terms:
            raise Unprocessable("The job description has no usable keywords; paste the full job description.")

        self._progress(job.jobId, claim_id, "rewrite")
        targets = rewrite_targets(structure)
        provider = self._provider()
        proposed: list[str] = []
        if targets:
            reply = provider.rewrite_bullets(
                RewriteRequest(
                    bullets=[structure.blocks[i].text for i in targets],
                    keywords=[t.term for t in terms],
                    job_description=job_description,
                    resume=source,
                )
            )
            if len(reply.bullets) != len(targets):
                raise UpstreamError(
                    f"The AI returned {len(reply.bullets)} bullet points for {len(targets)}; the job will be retried."
                )
            proposed = reply.bullets

        self._progress(job.jobId, claim_id, "verify")
        revised: dict[int, str] = {}
        flags: list[ReportFlag] = []
        facts = KnownFacts([source])
        for index, text in zip(targets, proposed, strict=True):
            checked = facts.guard(text)
            revised[index] = " ".join(checked.text.split()) or structure.blocks[index].text
            flags += [ReportFlag(kind=f.kind, text=f.text, placeholder=f.placeholder) for f in checked.flags]
        rewritten = structure.with_texts(revised)
        optimized, moves = reorder_by_relevance(rewritten, terms)
        optimized_text = optimized.to_text()

        self._progress(job.jobId, claim_id, "render")
        output = render(optimized, job.outputFormat, job.pageSize)
        readback = read_back(output, optimized)  # a file that does not read back fails the job here
        result_key = job_result_key(job.jobId, output.extension)
        self._files.put(result_key, output.data, output.content_type)
        report = OptimizeReport(
            explanation=EXPLANATION,
            keywords=terms,
            coverageBefore=coverage(source, terms),
            coverageAfter=coverage(optimized_text, terms),
            changes=changes(structure, rewritten, targets, moves, terms),
            flags=flags,
            provider=provider.name,
            model=provider.model,
            sourceKind=job.inputKind,
            sourceWords=word_count(source),
            optimizedText=optimized_text,
            readBack=readback,
        )
        done = JobPatch(
            status=JobState.COMPLETED,
            step="done",
            progress=STEP_PROGRESS["done"],
            message=COMPLETED_MESSAGE,
            updatedAt=iso_from_ms(now_ms()),
            resultKey=result_key,
            fileType=output.extension,
            contentType=output.content_type,
            downloadFilename=resume_file_name(optimized.name, output.extension, company_in(job_description)),
            report=report,
            leaseUntilMs=None,
            lastError=None,
        )
        if not self._store.update(job.jobId, done, Expect((JobState.PROCESSING,), claim_id=claim_id)):
            raise JobLost(job.jobId)
        logger.info(
            "job completed",
            extra={
                "job_id": job.jobId,
                "bullets": len(targets),
                "flags": len(flags),
                "coverage_before": report.coverageBefore.score,
                "coverage_after": report.coverageAfter.score,
            },
        )
        metrics.add_metric(name="OptimizeJobCompleted", unit="Count", value=1)


def rewrite_targets(structure: ResumeStructure) -> list[int]:
    """The blocks the LLM rewrites: every bullet; for a resume without bullets, its longer paragraphs."""
    bullets = structure.bullet_indexes()
    if bullets:
        return bullets[:MAX_REWRITE_BLOCKS]
    first_heading = next((i for i, b in enumerate(structure.blocks) if b.kind == "heading"), len(structure.blocks))
    return [
        i
        for i, b in enumerate(structure.blocks)
        if i > first_heading and b.kind == "other" and len(b.text.split()) >= MIN_PARAGRAPH_WORDS
    ][:MAX_REWRITE_BLOCKS]


def relevance(text: str, terms: list[KeywordTerm]) -> int:
    return sum(t.weight for t in matched_terms(text, terms))


def reorder_by_relevance(
    structure: ResumeStructure, terms: list[KeywordTerm]
) -> tuple[ResumeStructure, dict[int, int]]:
    """Within each bullet list, the bullets matching more job weight come first (ties keep their order).

    Returns the reordered structure and {source index: destination index} for the bullets that moved."""
    order: dict[int, int] = {}
    for group in structure.bullet_groups():
        ranked = sorted(group, key=lambda i: (-relevance(structure.blocks[i].text, terms), i))
        order.update({dest: src for dest, src in zip(group, ranked, strict=True)})
    moves = {src: dest for dest, src in order.items() if src != dest}
    return structure.reordered(order), moves


def changes(
    original: ResumeStructure,
    rewritten: ResumeStructure,
    targets: list[int],
    moves: dict[int, int],
    terms: list[KeywordTerm],
) -> list[BulletChange]:
    out: list[BulletChange] = []
    for index in targets:
        before, after = original.blocks[index].text, rewritten.blocks[index].text
        had = {t.term for t in matched_terms(before, terms)}
        moved = index in moves
        if before == after and not moved:
            continue
        group = next((g for g in original.bullet_groups() if index in g), [index])
        out.append(
            BulletChange(
                section=original.section_of(index),
                original=before,
                revised=after,
                addedTerms=[t.term for t in matched_terms(after, terms) if t.term not in had],
                movedFrom=group.index(index) if moved else None,
                movedTo=group.index(moves[index]) if moved else None,
            )
        )
    return out
