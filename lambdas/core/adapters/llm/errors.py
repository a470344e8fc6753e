"""What an LLM provider's failure means for the caller, as domain errors.

429 or overloaded (503/529) -> ServiceUnavailable (503 + the provider's Retry-After); unreachable ->
ServiceUnavailable (503); a rejected key or an unknown model -> ServiceUnavailable naming the setting to fix;
any other HTTP error -> UpstreamError (502). (Budget spent -> UpstreamTimeout and unreadable output ->
UpstreamError are raised where they are noticed, in the client and the provider.)"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...errors import AppError, ServiceUnavailable, UpstreamError
from .keys import key_hint
from .retry import retry_wait, status_of

OVERLOADED_STATUSES = frozenset({503, 529})


@dataclass(frozen=True)
class ErrorMapping:
    provider: str
    model: str
    key_setting: str  # the setting that holds the key (or names its secret)
    model_setting: str
    retry_after_s: int  # what to ask of the client when the provider cannot be reached

    def map(self, exc: Exception, *, connection_error: bool) -> AppError:
        status = status_of(exc)
        if connection_error:
            return ServiceUnavailable(
                f"The AI provider '{self.provider}' cannot be reached right now; please retry.",
                retry_after=self.retry_after_s,
            )
        if status == 429 or status in OVERLOADED_STATUSES:
            return ServiceUnavailable(
                f"The AI provider '{self.provider}' is busy (rate limit or overload); please retry shortly.",
                retry_after=max(1, math.ceil(retry_wait(exc, 0))),
            )
        if status in {401, 403}:
            return ServiceUnavailable(
                f"The AI provider '{self.provider}' rejected the API key: {key_hint(self.key_setting)}.",
                setting=self.key_setting,
            )
        if status == 404:
            unknown = f"The AI provider '{self.provider}' does not know the model '{self.model}'"
            return ServiceUnavailable(f"{unknown}: check {self.model_setting}.", setting=self.model_setting)
        return UpstreamError(f"The AI provider '{self.provider}' failed to answer (HTTP {status}); please try again.")

    def missing_key(self) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"The AI provider '{self.provider}' is not configured: {key_hint(self.key_setting)}.",
            setting=self.key_setting,
        )
