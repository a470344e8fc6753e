"""session λ: GET /api/health, GET /api/session/{sessionId}."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query

from core import container
from core.auth import sign_in_of
from core.clock import now_ms
from core.config import get_settings
from core.http import api_handler, make_resolver
from core.models.common import HealthResponse
from core.models.session import MAX_VERSION, SessionResponse, resume_etag, version_in_etag

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
    },
)
def get_session(
    sessionId: str,
    knownVersion: Annotated[int | None, Query(ge=0, le=MAX_VERSION)] = None,
) -> Response[SessionResponse | None]:  # None: the 304, which has no body
    known = knownVersion
    if known is None:
        known = version_in_etag(app.current_event.headers.get("if-none-match"))
    session = container.session_service().get_session(sessionId, known_version=known)
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


lambda_handler = api_handler(app)
