from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol


class RateLimiter(Protocol):
    """Fixed-window counters kept in the store, so every Lambda instance shares them."""

    def hit(self, rate_key: str, scope: str, limit: int, window_s: int) -> int | None:
        """Count one request of the caller `rate_key` (`Caller.rate_key`) in `scope` for the current window,
        atomically.

        Returns None when it is within `limit`, else the seconds until the window ends (nothing is counted)."""
        ...


@dataclass(frozen=True)
class Window:
    """The fixed window a moment falls in, as both limiter adapters count it."""

    number: int
    end: int  # epoch seconds
    retry_after_s: int  # until the window ends, at least 1

    @classmethod
    def at(cls, now: float, window_s: int) -> Window:
        number = int(now // window_s)
        end = (number + 1) * window_s
        return cls(number, end, max(1, math.ceil(end - now)))

    def counter_expires_at(self, window_s: int) -> int:
        """A counter is useless once its window ended; keep it one more window (TTL deletion is lazy)."""
        return self.end + window_s
