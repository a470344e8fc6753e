"""Per-caller rate limits in DynamoDB: one conditional UpdateItem per request, on a counter item with a TTL."""

from __future__ import annotations

import time

from ...ports.ratelimit import Window
from ...schema import SESSIONS_TABLE, rate_limit_item_key, rate_limit_partition
from .counters import count_below_limit

PK, SK = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key or "itemKey"


class DynamoRateLimiter:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def hit(self, rate_key: str, scope: str, limit: int, window_s: int) -> int | None:
        window = Window.at(time.time(), window_s)
        key = {PK: {"S": rate_limit_partition(rate_key)}, SK: {"S": rate_limit_item_key(scope, window.number)}}
        expires_at = window.counter_expires_at(window_s)
        if count_below_limit(self._table, key, "hits", limit, expires_at, self._retry_after_s) is None:
            return window.retry_after_s
        return None
