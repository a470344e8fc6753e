"""status-checker λ: GET /api/status?jobId=… (one job) and GET /api/jobs?sessionId=… (a session's jobs)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from core import container
from core.auth import caller_of
from core.http import answers, api_handler, error_doc, make_resolver
from core.models.jobs import DEFAULT_LIST_LIMIT, JobList, JobStatusResponse

app = make_resolver()


@app.get(
    "/api/status",
    summary="Status of one optimize job (with the download URL and report once COMPLETED)",
    responses={
        200: {"description": "The job", "content": {"application/json": {"model": JobStatusResponse}}},
        404: error_doc("No such job (or it expired, or it is another person's)"),
    },
)
def job_status(jobId: Annotated[str, Query()]) -> JobStatusResponse:
    return container.job_status_service().status(jobId, caller=caller_of(app.current_event))


@app.get(
    "/api/jobs",
    summary="A session's optimize jobs, newest first",
    responses=answers(JobList, "Another person's session"),
)
def list_jobs(
    sessionId: Annotated[str, Query()],
    limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIST_LIMIT,
) -> JobList:
    return container.job_status_service().list_jobs(sessionId, limit, caller=caller_of(app.current_event))


lambda_handler = api_handler(app)
