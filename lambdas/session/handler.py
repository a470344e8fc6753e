"""session λ: GET /api/health, GET /api/session/{sessionId}, the signed-in person's resumes and claiming one."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query

from core import container
from core.auth import caller_of, sign_in_of
from core.clock import now_ms
from core.config import get_settings
from core.http import api_handler, error_doc, make_resolver
from core.models.common import HealthResponse
from core.models.session import (
    MAX_VERSION,
    ClaimResponse,
    ResumeList,
    SessionResponse,
    resume_etag,
    version_in_etag,
)

app = make_resolver()


@app.get("/api/health", summary="Liveness, build information and how people sign in")
def health() -> HealthResponse:
    settings = get_settings()
    return HealthResponse(
        ok=True, ts=now_ms(), local=settings.is_local, version=settings.app_version, auth=sign_in_of(settings)
    )


@app.get(
    "/api/session/<sessionId>",
    summary="Resume and chat of a session (rehydrates from the snapshot); conditional with If-None-Match",
    responses={
        200: {"description": "The session", "content": {"application/json": {"model": SessionResponse}}},
        304: {"description": "The resume is still at the version If-None-Match or knownVersion names", "content": {}},
        404: error_doc("Another person's session"),
    },
)
def get_session(
    sessionId: str,
    knownVersion: Annotated[int | None, Query(ge=0, le=MAX_VERSION)] = None,
) -> Response[SessionResponse | None]:  # None: the 304, which has no body
    known = knownVersion
    if known is None:
        known = version_in_etag(app.current_event.headers.get("if-none-match"))
    session = container.session_service().get_session(
        sessionId, known_version=known, caller=caller_of(app.current_event)
    )
    # no-store: the poll must reach the server, and a browser must never revalidate a stored copy by itself
    # (the tag names the resume's version only, not the chat).
    if session is None:
        return Response(status_code=304, headers={"ETag": resume_etag(known or 0), "Cache-Control": "no-store"})
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=session,
        headers={"ETag": resume_etag(session.version), "Cache-Control": "no-store"},
    )


@app.get("/api/resumes", summary="The signed-in person's resumes, newest first (none for an anonymous caller)")
def list_resumes() -> ResumeList:
    return container.session_service().list_resumes(caller=caller_of(app.current_event))


@app.post(
    "/api/resumes/<sessionId>/claim",
    summary="Make a resume without owner the signed-in caller's (already theirs: the same answer)",
    responses={
        200: {"description": "The resume is the caller's", "content": {"application/json": {"model": ClaimResponse}}},
        404: error_doc("Another person's session, or nothing stored"),
        409: error_doc("sign_in_required: the caller is not signed in"),
    },
)
def claim(sessionId: str) -> ClaimResponse:
    return container.session_service().claim(sessionId, caller=caller_of(app.current_event))


lambda_handler = api_handler(app)
