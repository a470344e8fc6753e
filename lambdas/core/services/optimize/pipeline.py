"""The optimizer, for one claimed job: parse → analyse the job description → rewrite → verify (fact guard) → render.

Every step writes its progress to the job record, conditional on this delivery still owning the job (JobLost
otherwise), so a job that was taken over, finished or failed by its deadline is never overwritten. The queue
side - claiming the job, and what a failure means for it - is the worker's (`worker.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from ...clock import iso_from_ms, now_ms
from ...documents.extract import extract_text, word_count
from ...documents.keywords import EXPLANATION, analyse_job_description, coverage, matched_terms
from ...documents.render import render
from ...documents.structure import ResumeStructure, parse_resume
from ...errors import Unprocessable, UpstreamError
from ...factguard import KnownFacts
from ...ids import log_id
from ...models.jobs import (
    STEP_PROGRESS,
    BulletChange,
    JobPatch,
    JobRecord,
    JobState,
    JobStep,
    KeywordTerm,
    OptimizeReport,
    ReportFlag,
)
from ...observability import logger, metrics
from ...ports.jobs import JobFiles
from ...ports.llm import LlmProvider, RewriteRequest
from ...schema import job_description_key, job_result_key
from .lifecycle import Expect, JobLifecycle

MAX_REWRITE_BLOCKS = 60
MIN_PARAGRAPH_WORDS = 8  # resumes without bullets: rewrite their longer paragraphs instead
COMPLETED_MESSAGE = "Resume optimization complete"
STEP_MESSAGES: dict[str, str] = {
    "parse": "Reading your resume",
    "analyse": "Analysing the job description",
    "rewrite": "Rewriting bullet points toward the job",
    "verify": "Checking every change against your resume",
    "render": "Building your document",
}


class JobLost(Exception):
    """This delivery no longer owns the job (taken over, finished, or failed by its deadline)."""


def step_patch(step: JobStep) -> JobPatch:
    """The progress write at the start of a step."""
    return JobPatch(
        step=step, progress=STEP_PROGRESS[step], message=STEP_MESSAGES[step], updatedAt=iso_from_ms(now_ms())
    )


class OptimizePipeline:
    def __init__(self, store: JobLifecycle, files: JobFiles, provider: Callable[[], LlmProvider]) -> None:
        self._store = store
        self._files = files
        self._provider = provider

    def run(self, job: JobRecord, claim_id: str) -> None:
        """Optimize a job this delivery claimed (the claim wrote the first step). Raises JobLost once the delivery
        no longer owns the job, and a step's error when the step fails."""
        self._optimize(job, claim_id)

    def _progress(self, job_id: str, claim_id: str, step: JobStep) -> None:
        if not self._store.update(job_id, step_patch(step), Expect((JobState.PROCESSING,), claim_id=claim_id)):
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
        output = render(optimized, job.outputFormat)
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
            downloadFilename=f"optimized_resume_{job.jobId[:8]}.{output.extension}",
            report=report,
            leaseUntilMs=None,
            lastError=None,
        )
        if not self._store.update(job.jobId, done, Expect((JobState.PROCESSING,), claim_id=claim_id)):
            raise JobLost(job.jobId)
        logger.info(
            "job completed",
            extra={
                "job": log_id(job.jobId),
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
