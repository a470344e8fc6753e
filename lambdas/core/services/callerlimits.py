"""Request limits per caller (`Caller.rate_key`: the signed-in person, else the source address API Gateway saw),
shared by the assistant and optimize: a fresh session id per request does not start a fresh count."""

from __future__ import annotations

from ..auth import Caller
from ..errors import RateLimited
from ..observability import metrics
from ..ports.ratelimit import RateLimiter


def count_request(limiter: RateLimiter, caller: Caller, scope: str, limit: int, window_s: int, what: str) -> None:
    """Count one request of `caller` in `scope` ("chat", "optimize"); past `limit` per `window_s`, RateLimited
    (429 + Retry-After until the window ends) and nothing is counted. `what` names the requests in the message."""
    retry_after = limiter.hit(caller.rate_key, scope, limit, window_s)
    if retry_after is None:
        return
    metrics.add_metric(name=f"{scope.title()}RateLimited", unit="Count", value=1)  # ChatRateLimited, ...
    raise RateLimited(
        f"Too many {what}: at most {limit} every {window_s} seconds. Try again in {retry_after} s.",
        retry_after=retry_after,
    )
