"""Reads of the sessions table's sparse indexes: one key value's items, newest (highest sort key) first."""

from __future__ import annotations

from typing import Any

from ...schema import Index
from .clients import client
from .errors import aws_call


def newest_in_index(table: str, index: Index, value: str, limit: int, retry_after_s: int) -> list[dict[str, Any]]:
    with aws_call("DynamoDB", retry_after_s):
        out = client("dynamodb").query(
            TableName=table,
            IndexName=index.name,
            KeyConditionExpression="#key = :value",
            ExpressionAttributeNames={"#key": index.partition_key},
            ExpressionAttributeValues={":value": {"S": value}},
            ScanIndexForward=False,
            Limit=limit,
        )
    return list(out.get("Items", []))
