"""Read-only links in the sessions table: one item each (`share#<shareId>` / `share`), listed per session through
the sparse shares-by-session index. No TTL: a link lives until it is revoked."""

from __future__ import annotations

from typing import Any

from ...models.session import ShareRecord
from ...schema import SESSIONS_TABLE, SHARE_ITEM_KEY, SHARE_PARTITION_PREFIX, SHARE_SESSION_ATTRIBUTE, SHARES_BY_SESSION
from .clients import client
from .errors import aws_call
from .indexes import newest_in_index
from .sessions import decode_text, encode_text

PK, SK = SESSIONS_TABLE.partition_key, str(SESSIONS_TABLE.sort_key)


def _key(share_id: str) -> dict[str, Any]:
    return {PK: {"S": f"{SHARE_PARTITION_PREFIX}{share_id}"}, SK: {"S": SHARE_ITEM_KEY}}


def _share_from_item(item: dict[str, Any]) -> ShareRecord:
    return ShareRecord(
        shareId=item[PK]["S"].removeprefix(SHARE_PARTITION_PREFIX),
        sessionId=item[SHARE_SESSION_ATTRIBUTE]["S"],
        snapshotId=item["snapshotId"]["S"],
        createdAt=item["createdAt"]["S"],
        resume=decode_text(item),
    )


class DynamoShareStore:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def put(self, share: ShareRecord) -> None:
        name, value = encode_text(share.resume)
        item = {
            **_key(share.shareId),
            SHARE_SESSION_ATTRIBUTE: {"S": share.sessionId},
            "snapshotId": {"S": share.snapshotId},
            "createdAt": {"S": share.createdAt},
            name: value,
        }
        with aws_call("DynamoDB", self._retry_after_s):
            client("dynamodb").put_item(TableName=self._table, Item=item)

    def get(self, share_id: str) -> ShareRecord | None:
        with aws_call("DynamoDB", self._retry_after_s):
            item = (
                client("dynamodb").get_item(TableName=self._table, Key=_key(share_id), ConsistentRead=True).get("Item")
            )
        return _share_from_item(item) if item else None

    def list_for_session(self, session_id: str, limit: int) -> list[ShareRecord]:
        items = newest_in_index(self._table, SHARES_BY_SESSION, session_id, limit, self._retry_after_s)
        return [_share_from_item(i) for i in items]

    def delete(self, share_id: str) -> None:
        with aws_call("DynamoDB", self._retry_after_s):
            client("dynamodb").delete_item(TableName=self._table, Key=_key(share_id))
