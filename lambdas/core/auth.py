"""Who is calling: a signed-in person (accounts on) or an anonymous source address.

With AUTH_MODE=cognito, API Gateway's Cognito authorizer verifies the ID token before any function runs and puts
its claims in the event (the local runtime plays that part, see local/auth.py); a function only reads them.
Clients cannot put claims there themselves. With AUTH_MODE=none nobody signs in: every caller is anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import Settings, get_settings
from .errors import AppError
from .models.common import CognitoSignIn, NoSignIn


class Unauthorized(AppError):
    """Accounts are on and the request carries no verified person (API Gateway answers this before us)."""

    status, code = 401, "unauthorized"


@dataclass(frozen=True)
class Caller:
    owner: str | None  # the person's stable id (Cognito `sub`); None when nobody is signed in
    source_ip: str  # the address API Gateway saw the request come from (never a client-supplied header)

    @property
    def rate_key(self) -> str:
        """What rate limits and the cost guard count by: the person, else the source address."""
        return f"user#{self.owner}" if self.owner else f"ip#{self.source_ip}"


def caller_of(event: Any) -> Caller:
    """The caller of an API Gateway REST proxy event (a Powertools event object or the raw dict)."""
    raw = getattr(event, "raw_event", event)
    context = raw.get("requestContext") or {}
    source_ip = (context.get("identity") or {}).get("sourceIp") or "unknown"
    if get_settings().auth_mode == "none":
        return Caller(owner=None, source_ip=source_ip)
    claims = (context.get("authorizer") or {}).get("claims") or {}
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Unauthorized("Sign in to use Resume Chat.")
    return Caller(owner=subject, source_ip=source_ip)


def sign_in_of(settings: Settings) -> NoSignIn | CognitoSignIn:
    """How the web app signs people in (GET /api/health): not at all, or through the pool's managed login."""
    if settings.auth_mode == "none":
        return NoSignIn(mode="none")
    return CognitoSignIn(
        mode="cognito",
        userPoolId=settings.cognito_user_pool_id or "",
        clientId=settings.cognito_client_id or "",
        domain=settings.cognito_domain.rstrip("/") if settings.cognito_domain else None,
    )
