"""GET /api/status and GET /api/jobs: what a job says about itself, and a session's jobs, newest first.

A read marks a job past its deadline FAILED (the lifecycle's `fail_if_overdue`); a finished job's download URL is
signed here, without a storage call."""

from __future__ import annotations

from typing import Any

from ...auth import Caller
from ...clock import now_ms
from ...errors import NotFound
from ...ids import require_uuid4
from ...models.jobs import (
    DEFAULT_LIST_LIMIT,
    UNFINISHED,
    JobList,
    JobRecord,
    JobState,
    JobStatusResponse,
    JobSummary,
)
from ...ports.jobs import JobFiles
from ..access import SessionAccess, may_use
from .lifecycle import JobLifecycle

NO_SUCH_JOB = "No such job (job results are kept for a limited time)."


def view(job: JobRecord) -> dict[str, Any]:
    """The fields every answer about a job carries (`JobView`)."""
    return {
        "jobId": job.jobId,
        # The seed's clients know three states: a queued job is "PROCESSING" (its step says "queued").
        "status": "PROCESSING" if job.status in UNFINISHED else job.status.value,
        "message": job.message,
        "timestamp": job.updatedAt,
        "step": job.step,
        "progress": job.progress,
        "createdAt": job.createdAt,
    }


class JobStatusService:
    def __init__(
        self, store: JobLifecycle, files: JobFiles, access: SessionAccess, url_expiry_s: int, base_url: str = ""
    ) -> None:
        self._store = store
        self._files = files
        self._access = access
        self._url_expiry_s = url_expiry_s
        self._base_url = base_url  # the API's configured origin, never the request's Host header

    def status(self, job_id: str, *, caller: Caller) -> JobStatusResponse:
        job_id = require_uuid4(job_id, "jobId")
        job = self._store.get(job_id)
        # A signed-in person's job is theirs alone; an anonymous job's id stays its capability (a later claim of
        # its session takes the session's job list along, not this id's holder's view of one job).
        if job is None or not may_use(job.owner, caller):
            raise NotFound(NO_SUCH_JOB, jobId=job_id)
        job = self._store.fail_if_overdue(job, now_ms())
        download: dict[str, Any] = {}
        if job.status == JobState.COMPLETED and job.resultKey and job.downloadFilename and job.contentType:
            download = {
                "optimizedResumeUrl": self._files.download_url(
                    job.resultKey, job.downloadFilename, job.contentType, self._url_expiry_s, self._base_url
                ),
                "fileType": job.fileType,
                "contentType": job.contentType,
                "downloadFilename": job.downloadFilename,
                "urlExpiresInSeconds": self._url_expiry_s,
            }
        return JobStatusResponse(
            **view(job),
            error=job.errorCode if job.status == JobState.FAILED else None,
            report=job.report if job.status == JobState.COMPLETED else None,
            **download,
        )

    def list_jobs(self, session_id: str, limit: int = DEFAULT_LIST_LIMIT, *, caller: Caller) -> JobList:
        session_id = require_uuid4(session_id, "sessionId")
        self._access.require(session_id, caller)
        now = now_ms()
        listed = self._store.list_for_session(session_id, limit)
        jobs = [self._store.fail_if_overdue(job, now) for job in listed if may_use(job.owner, caller)]
        return JobList(
            sessionId=session_id,
            jobs=[JobSummary(**view(j), fileName=j.fileName, outputFormat=j.outputFormat) for j in jobs],
        )
