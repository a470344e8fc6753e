"""Per-caller rate limits in DynamoDB: one conditional UpdateItem per request, on a counter item with a TTL."""

from __future__ import annotations

import time

from botocore.exceptions import ClientError

from ...ports.ratelimit import Window
from ...schema import SESSIONS_TABLE, rate_limit_item_key, rate_limit_partition
from .clients import client
from .errors import aws_call, error_code

PK, SK, TTL = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key, SESSIONS_TABLE.ttl_attribute


class DynamoRateLimiter:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def hit(self, rate_key: str, scope: str, limit: int, window_s: int) -> int | None:
        window = Window.at(time.time(), window_s)
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                # ADD creates the counter at 1 or increments it; the condition refuses the increment at the limit,
                # so concurrent requests can never pass it together.
                client("dynamodb").update_item(
                    TableName=self._table,
                    Key={
                        PK: {"S": rate_limit_partition(rate_key)},
                        SK: {"S": rate_limit_item_key(scope, window.number)},
                    },
                    UpdateExpression="ADD hits :one SET #ttl = if_not_exists(#ttl, :ttl)",
                    ConditionExpression="attribute_not_exists(hits) OR hits < :limit",
                    ExpressionAttributeNames={"#ttl": TTL},
                    ExpressionAttributeValues={
                        ":one": {"N": "1"},
                        ":limit": {"N": str(limit)},
                        # TTL deletion is lazy; the window number in the key is what makes old counters irrelevant.
                        ":ttl": {"N": str(window.counter_expires_at(window_s))},
                    },
                )
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
            return window.retry_after_s
        return None
