from __future__ import annotations

from typing import Protocol


class RateLimiter(Protocol):
    """Fixed-window counters kept in the store, so every Lambda instance shares them."""

    def hit(self, session_id: str, scope: str, limit: int, window_s: int) -> int | None:
        """Count one request of `session_id` in `scope` for the current window, atomically.

        Returns None when it is within `limit`, else the seconds until the window ends (nothing is counted)."""
        ...
