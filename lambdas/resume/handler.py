"""resume λ: PUT /api/resume/{sessionId} (autosave)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from core import container
from core.auth import caller_of
from core.http import api_handler, error_doc, make_resolver
from core.models.session import ConflictBody, SaveResumeRequest, SaveResumeResponse

app = make_resolver()


@app.put(
    "/api/resume/<sessionId>",
    summary="Save the resume text (versioned with baseVersion, else last writer wins)",
    responses={
        200: {"description": "Saved", "content": {"application/json": {"model": SaveResumeResponse}}},
        404: error_doc("Another person's session"),
        409: {"description": "baseVersion is stale", "content": {"application/json": {"model": ConflictBody}}},
        413: error_doc("Text over the limit"),
        503: error_doc("Storage busy; retry after Retry-After"),
    },
)
def save_resume(sessionId: str, request: Annotated[SaveResumeRequest, Body()]) -> SaveResumeResponse:
    caller = caller_of(app.current_event)
    return container.session_service().save_resume(sessionId, request.text, request.baseVersion, caller=caller)


lambda_handler = api_handler(app)
