from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

# A month's counter stays readable this long after the month ends (TTL deletion is lazy; the month in the key is
# what makes an old counter irrelevant to the budget).
COUNTER_KEPT_S = 400 * 86400


class AiCallCounter(Protocol):
    """AI provider calls per calendar month (UTC), counted in the store, so every Lambda instance shares them."""

    def count(self, month: Month, limit: int) -> int | None:
        """Count one call in `month` unless `limit` calls are counted already, atomically.

        Returns the calls counted in the month with this one, or None when refused (nothing is counted)."""
        ...

    def counted(self, month: Month) -> int:
        """The calls counted in `month` so far."""
        ...


@dataclass(frozen=True)
class Month:
    """The calendar month (UTC) a moment falls in, as both counter adapters key it."""

    key: str  # "2026-12"
    end: int  # epoch seconds of the next month's first second
    retry_after_s: int  # until the month ends, at least 1

    @classmethod
    def at(cls, now: float) -> Month:
        moment = datetime.fromtimestamp(now, UTC)
        year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
        end = int(datetime(year, month, 1, tzinfo=UTC).timestamp())
        return cls(f"{moment.year:04d}-{moment.month:02d}", end, max(1, math.ceil(end - now)))

    @property
    def counter_expires_at(self) -> int:
        return self.end + COUNTER_KEPT_S

    @property
    def end_iso(self) -> str:
        return datetime.fromtimestamp(self.end, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
