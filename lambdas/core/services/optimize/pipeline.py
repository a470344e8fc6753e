"""The optimizer, for one claimed job: parse → analyse the job description → rewrite → verify (fact guard) → render.

Every step writes its progress to the job record, conditional on this delivery still owning the job (JobLost
otherwise), so a job that was taken over, finished or failed by its deadline is never overwritten. The queue
side - claiming the job, and what a failure means for it - is the worker's (`worker.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from ...clock import iso_from_ms, now_ms
from ...documents.extract import extract_text, word_count
from ...documents.keywords import ANALYSIS_VERSION, EXPLANATION, coverage
from ...documents.names import company_in, resume_file_name
from ...documents.readback import read_back
from ...documents.render import render
from ...documents.structure import parse_resume
from ...errors import Unprocessable
from ...ids import log_id
from ...models.jobs import (
    STEP_PROGRESS,
    JobPatch,
    JobRecord,
    JobState,
    JobStep,
    OptimizeReport,
)
from ...observability import logger, metrics
from ...ports.jobs import JobFiles
from ...ports.llm import LlmProvider
from ...schema import job_description_key, job_result_key
from ...tailoring import tailor_resume
from .lifecycle import Expect, JobLifecycle

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

    def _progress(self, job_id: str, claim_id: str, step: JobStep) -> None:
        if not self._store.update(job_id, step_patch(step), Expect((JobState.PROCESSING,), claim_id=claim_id)):
            raise JobLost(job_id)

    def _read(self, key: str) -> bytes:
        data = self._files.get(key)
        if data is None:
            raise Unprocessable("The uploaded file is no longer available; please submit it again.")
        return data

    def run(self, job: JobRecord, claim_id: str) -> None:
        """Optimize a job this delivery claimed (the claim wrote the first step). Raises JobLost once the delivery
        no longer owns the job, and a step's error when the step fails."""
        # parse (the claim already wrote this step)
        source = extract_text(self._read(job.inputKey), job.inputKind)
        structure = parse_resume(source)

        self._progress(job.jobId, claim_id, "analyse")
        job_description = self._read(job_description_key(job.jobId)).decode("utf-8")
        result = tailor_resume(
            source, structure, job_description, self._provider, lambda step: self._progress(job.jobId, claim_id, step)
        )
        terms, tailored, flags, provider = result.terms, result.tailored, result.flags, result.provider
        optimized_text = tailored.structure.to_text()

        self._progress(job.jobId, claim_id, "render")
        output = render(tailored.structure, job.outputFormat, job.pageSize)
        readback = read_back(output, tailored.structure)  # a file that does not read back fails the job here
        result_key = job_result_key(job.jobId, output.extension)
        self._files.put(result_key, output.data, output.content_type)
        report = OptimizeReport(
            explanation=EXPLANATION,
            analysisVersion=ANALYSIS_VERSION,
            keywords=terms,
            coverageBefore=coverage(source, terms),
            coverageAfter=coverage(optimized_text, terms),
            changes=tailored.changes,
            addIfTrue=tailored.add_if_true,
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
            downloadFilename=resume_file_name(tailored.structure.name, output.extension, company_in(job_description)),
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
                "bullets": result.rewritten,
                "flags": len(flags),
                "coverage_before": report.coverageBefore.score,
                "coverage_after": report.coverageAfter.score,
            },
        )
        metrics.add_metric(name="OptimizeJobCompleted", unit="Count", value=1)
