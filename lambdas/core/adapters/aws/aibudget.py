"""The monthly AI call counter in DynamoDB: one conditional UpdateItem per call, on the month's item."""

from __future__ import annotations

from botocore.exceptions import ClientError

from ...ports.aibudget import Month
from ...schema import AI_BUDGET_ITEM_KEY, SESSIONS_TABLE, ai_budget_partition
from .clients import client
from .errors import aws_call, error_code

PK, SK = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key or "itemKey"
TTL = SESSIONS_TABLE.ttl_attribute


def _key(month: Month) -> dict[str, dict[str, str]]:
    return {PK: {"S": ai_budget_partition(month.key)}, SK: {"S": AI_BUDGET_ITEM_KEY}}


class DynamoAiCallCounter:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def count(self, month: Month, limit: int) -> int | None:
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                # ADD creates the counter at 1 or increments it; the condition refuses the increment at the limit,
                # so concurrent calls can never pass it together.
                updated = client("dynamodb").update_item(
                    TableName=self._table,
                    Key=_key(month),
                    UpdateExpression="ADD calls :one SET #ttl = if_not_exists(#ttl, :ttl)",
                    ConditionExpression="attribute_not_exists(calls) OR calls < :limit",
                    ExpressionAttributeNames={"#ttl": TTL},
                    ExpressionAttributeValues={
                        ":one": {"N": "1"},
                        ":limit": {"N": str(limit)},
                        ":ttl": {"N": str(month.counter_expires_at)},
                    },
                    ReturnValues="UPDATED_NEW",
                )
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
            return None
        return int(updated["Attributes"]["calls"]["N"])

    def counted(self, month: Month) -> int:
        with aws_call("DynamoDB", self._retry_after_s):
            item = (
                client("dynamodb")
                .get_item(TableName=self._table, Key=_key(month), ConsistentRead=True, ProjectionExpression="calls")
                .get("Item")
            )
        return int(item["calls"]["N"]) if item else 0
