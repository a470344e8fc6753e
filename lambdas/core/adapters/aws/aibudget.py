"""The monthly AI call counter in DynamoDB: one conditional UpdateItem per call, on the month's item."""

from __future__ import annotations

from typing import Any

from ...ports.aibudget import Month
from ...schema import AI_BUDGET_ITEM_KEY, SESSIONS_TABLE, ai_budget_partition
from .clients import client
from .counters import count_below_limit
from .errors import aws_call

PK, SK = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key or "itemKey"


def _key(month: Month) -> dict[str, Any]:
    return {PK: {"S": ai_budget_partition(month.key)}, SK: {"S": AI_BUDGET_ITEM_KEY}}


class DynamoAiCallCounter:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def count(self, month: Month, limit: int) -> int | None:
        return count_below_limit(
            self._table, _key(month), "calls", limit, month.counter_expires_at, self._retry_after_s
        )

    def counted(self, month: Month) -> int:
        with aws_call("DynamoDB", self._retry_after_s):
            item = (
                client("dynamodb")
                .get_item(TableName=self._table, Key=_key(month), ConsistentRead=True, ProjectionExpression="calls")
                .get("Item")
            )
        return int(item["calls"]["N"]) if item else 0
