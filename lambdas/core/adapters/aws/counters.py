"""Counters below a limit in the sessions table (the cost guard's rate limits and monthly AI budget)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ...schema import SESSIONS_TABLE
from .clients import client
from .errors import aws_call, error_code

TTL = SESSIONS_TABLE.ttl_attribute


def count_below_limit(
    table: str, key: dict[str, Any], attribute: str, limit: int, expires_at: int, retry_after_s: int
) -> int | None:
    """Add one to the item's `attribute` unless it has reached `limit`: the count with this one, or None (refused,
    nothing counted). One conditional UpdateItem: ADD creates the counter at 1 or increments it, and the condition
    refuses the increment at the limit, so concurrent callers can never pass it together."""
    try:
        with aws_call("DynamoDB", retry_after_s):
            updated = client("dynamodb").update_item(
                TableName=table,
                Key=key,
                UpdateExpression=f"ADD {attribute} :one SET #ttl = if_not_exists(#ttl, :ttl)",
                ConditionExpression=f"attribute_not_exists({attribute}) OR {attribute} < :limit",
                ExpressionAttributeNames={"#ttl": TTL},
                # TTL deletion is lazy; the window or month in the key is what makes an old counter irrelevant.
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":ttl": {"N": str(expires_at)},
                },
                ReturnValues="UPDATED_NEW",
            )
    except ClientError as exc:
        if error_code(exc) != "ConditionalCheckFailedException":
            raise
        return None
    return int(updated["Attributes"][attribute]["N"])
