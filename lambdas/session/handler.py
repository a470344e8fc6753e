"""session λ: GET /api/health, GET /api/session/{sessionId}."""

from __future__ import annotations

from core import container
from core.clock import now_ms
from core.config import get_settings
from core.http import api_handler, make_resolver
from core.models.common import HealthResponse
from core.models.session import SessionResponse

app = make_resolver()


@app.get("/api/health", summary="Liveness and build information")
def health() -> HealthResponse:
    settings = get_settings()
    return HealthResponse(ok=True, ts=now_ms(), local=settings.is_local, version=settings.app_version)


@app.get("/api/session/<sessionId>", summary="Resume and chat of a session (rehydrates from the snapshot)")
def get_session(sessionId: str) -> SessionResponse:
    return container.session_service().get_session(sessionId)


lambda_handler = api_handler(app)
