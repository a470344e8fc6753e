"""Domain errors. Each carries its HTTP status and a stable code; the resolver turns them into JSON."""

from __future__ import annotations

from typing import Any

# What every session-scoped route answers for another person's session: what a session that does not exist gets.
NO_SUCH_SESSION = "No such session."


class AppError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, retry_after: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


class BadRequest(AppError):
    status, code = 400, "bad_request"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    status, code = 409, "conflict"


class SignInRequired(Conflict):
    """An account action (claiming a resume) asked by a caller who is not signed in."""

    code = "sign_in_required"


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(AppError):
    status, code = 415, "unsupported_media_type"


class Unprocessable(AppError):
    status, code = 422, "unprocessable"


class RateLimited(AppError):
    status, code = 429, "rate_limited"


class AiBudgetSpent(AppError):
    """The deployment's monthly AI budget is used up; `retry_after` runs to the end of the month (UTC)."""

    status, code = 429, "ai_budget_spent"


class UpstreamError(AppError):
    """The LLM provider answered with an error or unusable output."""

    status, code = 502, "upstream_error"


class ServiceUnavailable(AppError):
    """A dependency is throttling or down; the client should retry after `retry_after` seconds."""

    status, code = 503, "service_unavailable"


class UpstreamTimeout(AppError):
    status, code = 504, "upstream_timeout"


class VersionConflict(Conflict):
    """A versioned write lost the race: carries what the store holds now."""

    def __init__(self, current_version: int, current_text: str) -> None:
        super().__init__(
            "The resume was changed elsewhere; resolve the conflict and save again.",
            currentVersion=current_version,
            currentText=current_text,
        )
        self.current_version = current_version
        self.current_text = current_text
