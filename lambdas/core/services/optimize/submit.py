"""POST /api/optimize: accept a submission (validate, store the files, record the job, enqueue it).

Nothing slow happens here: parsing, the LLM and rendering run in the ai-worker (`worker.py`, `pipeline.py`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.idempotency.config import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
)
from aws_lambda_powertools.utilities.idempotency.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

from ...auth import Caller
from ...clock import iso_from_ms, now_ms
from ...config import Settings
from ...documents.extract import extract_text
from ...documents.names import clean_file_name
from ...documents.upload import CONTENT_TYPES, EXTENSIONS, decode_upload, detect_kind
from ...errors import AppError, Conflict, PayloadTooLarge, ServiceUnavailable, Unprocessable
from ...ids import log_id, new_uuid4, require_uuid4
from ...models.jobs import (
    DocumentKind,
    JobRecord,
    JobState,
    OptimizeAccepted,
    OptimizeRequest,
    OutputFormat,
    PageSize,
)
from ...observability import logger, metrics
from ...ports.jobs import JobFiles, JobQueue
from ...ports.ratelimit import RateLimiter
from ...schema import job_description_key, job_input_key
from ..access import SessionAccess
from ..aibudget import MonthlyAiBudget
from ..callerlimits import count_request
from .lifecycle import Expect, JobLifecycle, unqueued_failure

ACCEPTED_MESSAGE = "Resume optimization job submitted"
QUEUED_MESSAGE = "Waiting for a worker"
RATE_LIMIT_SCOPE = "optimize"


@dataclass(frozen=True)
class Upload:
    data: bytes
    kind: DocumentKind
    job_description: str
    session_id: str | None
    owner: str | None  # the submitter (signed in), the job's owner
    file_name: str | None
    output_format: OutputFormat
    page_size: PageSize


class OptimizeService:
    def __init__(
        self,
        store: JobLifecycle,
        queue: JobQueue,
        files: JobFiles,
        idempotency_store: BasePersistenceLayer,
        limiter: RateLimiter,
        budget: MonthlyAiBudget,
        settings: Settings,
        *,
        access: SessionAccess,
    ) -> None:
        self._store = store
        self._access = access
        self._queue = queue
        self._files = files
        self._limiter = limiter
        self._budget = budget
        self._settings = settings
        self._idempotency = IdempotencyConfig(expires_after_seconds=settings.optimize_dedup_s)
        # Same session + same file + same job description + same format within the window → the same job (the
        # repeat is not counted against the caller's limit: only a new job is).
        self._create_once = idempotent_function(
            self._create,
            data_keyword_argument="submission",
            persistence_store=idempotency_store,
            config=self._idempotency,
        )

    def submit(self, request: OptimizeRequest, *, caller: Caller, lambda_context: Any = None) -> OptimizeAccepted:
        upload = self._validate(request, caller)
        submission = {
            "owner": upload.owner or "",  # two people's identical submissions are two jobs
            "sessionId": upload.session_id or "",
            "file": hashlib.sha256(upload.data).hexdigest(),
            "jobDescription": hashlib.sha256(upload.job_description.encode("utf-8")).hexdigest(),
            "outputFormat": upload.output_format,
            "pageSize": upload.page_size,
        }
        if lambda_context is not None:
            self._idempotency.register_lambda_context(lambda_context)
        try:
            accepted = self._create_once(submission=submission, upload=upload, caller=caller)
        except IdempotencyAlreadyInProgressError:
            raise Conflict(
                "An identical submission is being accepted right now; retry in a moment.",
                retry_after=self._settings.retry_after_s,
            ) from None
        except IdempotencyPersistenceLayerError as exc:
            logger.warning("idempotency store unavailable", extra={"error": type(exc.__cause__).__name__})
            raise ServiceUnavailable(
                "The job service is busy right now; please retry.", retry_after=self._settings.retry_after_s
            ) from exc
        return OptimizeAccepted.model_validate(accepted)

    def _validate(self, request: OptimizeRequest, caller: Caller) -> Upload:
        session_id = require_uuid4(request.sessionId, "sessionId") if request.sessionId else None
        if session_id:
            self._access.require(session_id, caller)
        job_description = request.jobDescription.strip()
        if not job_description:
            raise Unprocessable("jobDescription is empty: paste the job description to optimize for.")
        limit = self._settings.max_job_description_chars
        if len(job_description) > limit:
            raise PayloadTooLarge(
                f"The job description has {len(job_description)} characters; the limit is {limit}.", limitChars=limit
            )
        data = decode_upload(request.resume, self._settings.max_upload_bytes)
        kind = detect_kind(data)
        if kind == "text":
            # Cheap for text (no parser needed): refuse what the worker would refuse now, with the same check.
            extract_text(data, kind)
        return Upload(
            data,
            kind,
            job_description,
            session_id,
            caller.owner,
            clean_file_name(request.fileName),
            request.outputFormat,
            request.pageSize,
        )

    def _create(self, submission: dict[str, str], upload: Upload, caller: Caller) -> dict[str, Any]:
        # Refused before anything is stored: a job the worker could not run is never accepted.
        self._budget.ensure_left()
        limit, window_s = self._settings.optimize_rate_limit, self._settings.optimize_rate_window_s
        count_request(self._limiter, caller, RATE_LIMIT_SCOPE, limit, window_s, "optimize submissions")
        job_id = new_uuid4()
        now = now_ms()
        created = iso_from_ms(now)
        input_key = job_input_key(job_id, EXTENSIONS[upload.kind])
        self._files.put(input_key, upload.data, CONTENT_TYPES[upload.kind])
        self._files.put(
            job_description_key(job_id), upload.job_description.encode("utf-8"), "text/plain; charset=utf-8"
        )
        self._store.create(
            JobRecord(
                jobId=job_id,
                status=JobState.QUEUED,
                message=QUEUED_MESSAGE,
                createdAt=created,
                updatedAt=created,
                deadlineMs=now + self._settings.job_deadline_s * 1000,
                expiresAt=now // 1000 + self._settings.job_ttl_days * 86400,
                jobSessionId=upload.session_id,
                owner=upload.owner,
                inputKey=input_key,
                inputKind=upload.kind,
                fileName=upload.file_name,
                outputFormat=upload.output_format,
                pageSize=upload.page_size,
            )
        )
        try:
            self._queue.send(job_id)
        except AppError:
            self._fail_unqueued(job_id)
            raise
        logger.info(
            "optimize job queued",
            extra={
                "job": log_id(job_id),
                "kind": upload.kind,
                "bytes": len(upload.data),
                "format": upload.output_format,
            },
        )
        metrics.add_metric(name="OptimizeJobSubmitted", unit="Count", value=1)
        return OptimizeAccepted(message=ACCEPTED_MESSAGE, jobId=job_id).model_dump()

    def _fail_unqueued(self, job_id: str) -> None:
        try:
            self._store.update(job_id, unqueued_failure(now_ms()), Expect((JobState.QUEUED,)))
        except AppError:
            # Its deadline will fail it: a job never stays PROCESSING.
            logger.warning("could not mark an unqueued job failed", extra={"job": log_id(job_id)})
