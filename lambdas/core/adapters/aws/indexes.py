"""Reads of the sessions table's sparse indexes: one key value's items, newest (highest sort key) first."""

from __future__ import annotations

from typing import Any

from ...schema import Index
from .clients import client
from .errors import aws_call


def newest_in_index(table: str, index: Index, value: str, limit: int, retry_after_s: int) -> list[dict[str, Any]]:
    """Up to `limit` items, following the query's pages: one page holds at most 1 MB, which a few large resumes
    fill before `limit` is reached."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {
        "TableName": table,
        "IndexName": index.name,
        "KeyConditionExpression": "#key = :value",
        "ExpressionAttributeNames": {"#key": index.partition_key},
        "ExpressionAttributeValues": {":value": {"S": value}},
        "ScanIndexForward": False,
    }
    while len(items) < limit:
        with aws_call("DynamoDB", retry_after_s):
            out = client("dynamodb").query(**query, Limit=limit - len(items))
        items += out.get("Items", [])
        if "LastEvaluatedKey" not in out:
            break
        query["ExclusiveStartKey"] = out["LastEvaluatedKey"]
    return items
