"""Hot session state in DynamoDB: one item for the resume, one item per chat message."""

from __future__ import annotations

import time
import zlib
from typing import Any

from botocore.exceptions import ClientError

from ...errors import NO_SUCH_SESSION, NotFound, ServiceUnavailable, VersionConflict
from ...models.session import ChatMessage, ResumeDoc, suggestions_from_json, suggestions_json
from ...ports.sessions import NoHotCopy
from ...schema import (
    CHAT_ITEM_PREFIX,
    RESUME_ITEM_KEY,
    RESUME_OWNER_ATTRIBUTE,
    RESUMES_BY_OWNER,
    SESSIONS_TABLE,
    chat_item_key,
)
from .clients import client
from .errors import aws_call, error_code
from .indexes import newest_in_index

PK, SK, TTL = SESSIONS_TABLE.partition_key, str(SESSIONS_TABLE.sort_key), str(SESSIONS_TABLE.ttl_attribute)
OWNER = RESUME_OWNER_ATTRIBUTE
# DynamoDB bills a write per started KB of item: above this many UTF-8 bytes the text is stored
# zlib-compressed in a Binary attribute (resume text shrinks 2-4x).
COMPRESS_OVER_BYTES = 1024
BATCH_WRITE_ROUNDS = 5


def encode_text(text: str) -> tuple[str, dict[str, Any]]:
    """(attribute name, DynamoDB value) for the resume text."""
    raw = text.encode("utf-8")
    if len(raw) > COMPRESS_OVER_BYTES:
        return "textZ", {"B": zlib.compress(raw, 6)}
    return "text", {"S": text}


def decode_text(item: dict[str, Any]) -> str:
    if "textZ" in item:
        return zlib.decompress(item["textZ"]["B"]).decode("utf-8")
    return str(item.get("text", {}).get("S", ""))


class DynamoSessionStore:
    def __init__(self, table: str, ttl_days: int, retry_after_s: int) -> None:
        self._table = table
        self._ttl_s = ttl_days * 86400
        self._retry_after_s = retry_after_s

    def _expires_at(self) -> dict[str, str]:
        return {"N": str(int(time.time()) + self._ttl_s)}

    def get_resume(self, session_id: str) -> ResumeDoc | None:
        with aws_call("DynamoDB", self._retry_after_s):
            item = (
                client("dynamodb")
                .get_item(
                    TableName=self._table,
                    Key={PK: {"S": session_id}, SK: {"S": RESUME_ITEM_KEY}},
                    ConsistentRead=True,
                )
                .get("Item")
            )
        return _resume_from_item(item) if item else None

    def save_resume(
        self,
        session_id: str,
        text: str,
        base_version: int | None,
        updated_at: str,
        owner: str | None = None,
        *,
        create: bool = True,
    ) -> int:
        ddb = client("dynamodb")
        # The owner rule rides in the write's condition: the session has no owner, or it is the writer's.
        may_write = "(attribute_not_exists(#owner) OR #owner = :owner)" if owner else "attribute_not_exists(#owner)"
        owner_values = {":owner": {"S": owner}} if owner else {}
        if base_version is None:
            # Last writer wins: one UpdateItem that bumps the version atomically and returns it. A signed-in
            # writer's resume is theirs and does not expire; an anonymous one keeps the hot TTL.
            name, value = encode_text(text)
            other = "text" if name == "textZ" else "textZ"
            sets = "SET #body = :body, #ver = if_not_exists(#ver, :zero) + :one, #upd = :upd, "
            sets += "#owner = :owner REMOVE #other, #ttl" if owner else "#ttl = :ttl REMOVE #other"
            try:
                with aws_call("DynamoDB", self._retry_after_s):
                    out = ddb.update_item(
                        TableName=self._table,
                        Key={PK: {"S": session_id}, SK: {"S": RESUME_ITEM_KEY}},
                        UpdateExpression=sets,
                        ConditionExpression=may_write if create else f"attribute_exists({PK}) AND {may_write}",
                        ExpressionAttributeNames={
                            "#body": name,
                            "#other": other,
                            "#ver": "version",
                            "#upd": "updatedAt",
                            "#ttl": TTL,
                            "#owner": OWNER,
                        },
                        ExpressionAttributeValues={
                            ":body": value,
                            ":zero": {"N": "0"},
                            ":one": {"N": "1"},
                            ":upd": {"S": updated_at},
                            **(owner_values or {":ttl": self._expires_at()}),
                        },
                        ReturnValues="UPDATED_NEW",
                        ReturnValuesOnConditionCheckFailure="ALL_OLD",
                    )
            except ClientError as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                if not create and not exc.response.get("Item"):
                    raise NoHotCopy from None
                raise NotFound(NO_SUCH_SESSION) from None  # another person's session
            return int(out["Attributes"]["version"]["N"])

        new_version = base_version + 1
        item = self._resume_item(
            session_id, ResumeDoc(text=text, version=new_version, updatedAt=updated_at, owner=owner)
        )
        if base_version == 0:
            condition, values = f"attribute_not_exists({PK})", {}
        else:
            condition, values = f"version = :base AND {may_write}", {":base": {"N": str(base_version)}, **owner_values}
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                ddb.put_item(
                    TableName=self._table,
                    Item=item,
                    ConditionExpression=condition,
                    **({"ExpressionAttributeValues": values} if values else {}),
                    **({"ExpressionAttributeNames": {"#owner": OWNER}} if base_version else {}),
                    # The answer needs what is stored (whose, which version): get it from the failed write.
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
            current = exc.response.get("Item")
            doc = _resume_from_item(current) if current else None
            if doc is not None and doc.owner is not None and doc.owner != owner:
                raise NotFound(NO_SUCH_SESSION) from None  # never another person's version or text
            raise VersionConflict(doc.version if doc else 0, doc.text if doc else "") from None
        return new_version

    def restore_resume(self, session_id: str, doc: ResumeDoc) -> bool:
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                client("dynamodb").put_item(
                    TableName=self._table,
                    Item=self._resume_item(session_id, doc),
                    ConditionExpression=f"attribute_not_exists({PK})",
                )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def claim(self, session_id: str, owner: str) -> bool:
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                client("dynamodb").update_item(
                    TableName=self._table,
                    Key={PK: {"S": session_id}, SK: {"S": RESUME_ITEM_KEY}},
                    UpdateExpression="SET #owner = :owner REMOVE #ttl",
                    ConditionExpression=f"attribute_exists({PK}) AND (attribute_not_exists(#owner) OR #owner = :owner)",
                    ExpressionAttributeNames={"#owner": OWNER, "#ttl": TTL},
                    ExpressionAttributeValues={":owner": {"S": owner}},
                )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def list_owned(self, owner: str, limit: int) -> list[tuple[str, ResumeDoc]]:
        items = newest_in_index(self._table, RESUMES_BY_OWNER, owner, limit, self._retry_after_s)
        return [(i[PK]["S"], _resume_from_item(i)) for i in items]

    def _resume_item(self, session_id: str, doc: ResumeDoc) -> dict[str, Any]:
        name, value = encode_text(doc.text)
        item = {
            PK: {"S": session_id},
            SK: {"S": RESUME_ITEM_KEY},
            name: value,
            "version": {"N": str(doc.version)},
            "updatedAt": {"S": doc.updatedAt},
        }
        # A person's resume does not expire (My resumes lists it however long ago it was saved); one nobody owns
        # expires with the hot TTL.
        item.update({OWNER: {"S": doc.owner}} if doc.owner else {TTL: self._expires_at()})
        return item

    def _message_item(self, session_id: str, message: ChatMessage, owned: bool) -> dict[str, Any]:
        item: dict[str, Any] = {
            PK: {"S": session_id},
            SK: {"S": chat_item_key(message.ts, message.id)},
            "id": {"S": message.id},
            "role": {"S": message.role},
            "text": {"S": message.text},
            "ts": {"N": str(message.ts)},
        }
        if not owned:
            item[TTL] = self._expires_at()
        if message.action:
            item["action"] = {"S": message.action}
        if message.suggestions:
            item["suggestions"] = {"S": suggestions_json(message.suggestions)}
        return item

    def append_message(self, session_id: str, message: ChatMessage, *, owned: bool = False) -> None:
        with aws_call("DynamoDB", self._retry_after_s):
            client("dynamodb").put_item(
                TableName=self._table,
                Item=self._message_item(session_id, message, owned),
                ConditionExpression=f"attribute_not_exists({SK})",
            )

    def restore_messages(self, session_id: str, messages: list[ChatMessage], *, owned: bool = False) -> None:
        ddb = client("dynamodb")
        for start in range(0, len(messages), 25):
            pending = {
                self._table: [
                    {"PutRequest": {"Item": self._message_item(session_id, m, owned)}}
                    for m in messages[start : start + 25]
                ]
            }
            # BatchWriteItem may leave items unprocessed under load; resend those a bounded number of times.
            for _ in range(BATCH_WRITE_ROUNDS):
                with aws_call("DynamoDB", self._retry_after_s):
                    pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
                if not pending:
                    break
            else:
                raise ServiceUnavailable(
                    "DynamoDB is busy restoring this session; please retry.",
                    retry_after=self._retry_after_s,
                )

    def list_messages(self, session_id: str, limit: int | None = None) -> list[ChatMessage]:
        ddb = client("dynamodb")
        query: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": f"{PK} = :pk AND begins_with({SK}, :prefix)",
            "ExpressionAttributeValues": {":pk": {"S": session_id}, ":prefix": {"S": CHAT_ITEM_PREFIX}},
            "ConsistentRead": True,
        }
        if limit is not None:
            with aws_call("DynamoDB", self._retry_after_s):
                items = ddb.query(**query, ScanIndexForward=False, Limit=limit).get("Items", [])
            return [_message_from_item(i) for i in reversed(items)]
        messages: list[ChatMessage] = []
        with aws_call("DynamoDB", self._retry_after_s):
            for page in ddb.get_paginator("query").paginate(**query):
                messages += [_message_from_item(i) for i in page.get("Items", [])]
        return messages


def _resume_from_item(item: dict[str, Any]) -> ResumeDoc:
    return ResumeDoc(
        text=decode_text(item),
        version=int(item["version"]["N"]),
        updatedAt=item["updatedAt"]["S"],
        owner=item.get(OWNER, {}).get("S"),
    )


def _message_from_item(item: dict[str, Any]) -> ChatMessage:
    return ChatMessage(
        id=item["id"]["S"],
        role=item["role"]["S"],
        text=item["text"]["S"],
        ts=int(item["ts"]["N"]),
        action=item.get("action", {}).get("S"),
        suggestions=suggestions_from_json(item.get("suggestions", {}).get("S")),
    )
