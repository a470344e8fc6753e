"""When a failed LLM call is tried again: within one time budget, never by sleeping past it.

The SDK's own retry loop is switched off because it sleeps for whatever `Retry-After` says (up to minutes),
which no budget survives. Here an attempt is retried at most `max_retries` times, only for errors that can pass
(connection, 408, 409, 429, 5xx), and only if the wait and one more attempt still fit in the budget."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

# Do not start an attempt with less time than this left: it could only end in a timeout.
MIN_ATTEMPT_S = 0.25
BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 4.0
RETRYABLE_STATUSES = frozenset({408, 409, 429})


def status_of(exc: Exception) -> int:
    """The HTTP status of an SDK error (0 when there is none: a connection error)."""
    return int(getattr(exc, "status_code", 0) or 0)


def retry_wait(exc: Exception, attempt: int) -> float:
    """Seconds to wait before the next attempt: the server's Retry-After when given, else exponential back-off."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is not None:
            try:
                seconds = float(value) * scale
            except ValueError:
                continue
            if math.isfinite(seconds) and seconds >= 0:
                return seconds
    return float(min(BACKOFF_BASE_S * 2**attempt, BACKOFF_MAX_S))


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    budget_s: float

    def deadline(self) -> float:
        """The monotonic time by which the whole call, retries included, must end."""
        return time.monotonic() + self.budget_s

    @staticmethod
    def time_left(deadline: float) -> float | None:
        """Seconds the next attempt may take; None when too little is left to start one."""
        remaining = deadline - time.monotonic()
        return remaining if remaining >= MIN_ATTEMPT_S else None

    def should_retry(self, exc: Exception, attempt: int, deadline: float, *, connection_error: bool) -> bool:
        status = status_of(exc)
        return (
            (connection_error or status in RETRYABLE_STATUSES or status >= 500)
            and attempt < self.max_retries
            and time.monotonic() + retry_wait(exc, attempt) + MIN_ATTEMPT_S < deadline
        )
