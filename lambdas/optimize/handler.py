"""optimize λ: POST /api/optimize — accept a resume file and a job description, answer 202 with the job id."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body

from core import container
from core.auth import caller_of
from core.http import api_handler, error_doc, make_resolver
from core.models.jobs import OptimizeAccepted, OptimizeRequest

app = make_resolver()


@app.post(
    "/api/optimize",
    summary="Submit an optimize job (202 + jobId); poll GET /api/status?jobId=…",
    responses={
        202: {"description": "Accepted", "content": {"application/json": {"model": OptimizeAccepted}}},
        400: error_doc("resume is not valid base64 / data URL, or an id is not a UUIDv4"),
        404: error_doc("sessionId names another person's session"),
        409: error_doc("An identical submission is being accepted right now; retry after Retry-After"),
        413: error_doc("File or job description over the limit"),
        415: error_doc("Not a PDF, .docx or UTF-8 text file"),
        422: error_doc("Missing or empty job description, or too little text in the resume"),
        429: error_doc(
            "Too many submissions from this caller (rate_limited), or this month's AI budget is spent "
            "(ai_budget_spent); retry after Retry-After"
        ),
        503: error_doc("Storage or queue busy; retry after Retry-After"),
    },
)
def submit(request: Annotated[OptimizeRequest, Body()]) -> Response[OptimizeAccepted]:
    caller = caller_of(app.current_event)
    accepted = container.optimize_service().submit(request, caller=caller, lambda_context=app.lambda_context)
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body=accepted,
        headers={"Location": f"/api/status?jobId={accepted.jobId}"},
    )


lambda_handler = api_handler(app)
