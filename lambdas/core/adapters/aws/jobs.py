"""Optimize job records on AWS: one item each in the sessions table (`job#<jobId>` / `job`)."""

from __future__ import annotations

import json
import zlib
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from ...models.jobs import JobRecord
from ...schema import JOB_ITEM_KEY, JOB_PARTITION_PREFIX, JOBS_BY_SESSION, SESSIONS_TABLE
from .clients import client
from .errors import aws_call, error_code
from .indexes import newest_in_index

PK, SK = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key or "itemKey"
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _key(job_id: str) -> dict[str, Any]:
    return {PK: {"S": f"{JOB_PARTITION_PREFIX}{job_id}"}, SK: {"S": JOB_ITEM_KEY}}


def _attribute(name: str, value: Any) -> dict[str, Any]:
    # The report holds floats (DynamoDB wants Decimal), is only ever read whole and carries the optimized
    # text: store it as compressed JSON, a fraction of the 400 KB item limit.
    if name == "report":
        return {"B": zlib.compress(json.dumps(value, separators=(",", ":")).encode("utf-8"), 6)}
    return _serializer.serialize(value)


def _job_from_item(item: dict[str, Any]) -> JobRecord:
    data = {k: _deserializer.deserialize(v) for k, v in item.items()}
    if data.get("report") is not None:
        data["report"] = json.loads(zlib.decompress(data["report"].value))
    return JobRecord.model_validate(data)


class DynamoJobStore:
    def __init__(self, table: str, retry_after_s: int) -> None:
        self._table = table
        self._retry_after_s = retry_after_s

    def get(self, job_id: str) -> JobRecord | None:
        with aws_call("DynamoDB", self._retry_after_s):
            item = client("dynamodb").get_item(TableName=self._table, Key=_key(job_id), ConsistentRead=True).get("Item")
        return _job_from_item(item) if item else None

    def put_if_version(self, job: JobRecord, expected_version: int) -> bool:
        fields = job.model_dump(mode="json", exclude_none=True)
        item = {**_key(job.jobId), **{k: _attribute(k, v) for k, v in fields.items()}}
        # Version 0 is also a missing item, or one written before jobs had versions.
        condition = "#version = :expected" + (" OR attribute_not_exists(#version)" if expected_version == 0 else "")
        try:
            with aws_call("DynamoDB", self._retry_after_s):
                client("dynamodb").put_item(
                    TableName=self._table,
                    Item=item,
                    ConditionExpression=condition,
                    ExpressionAttributeNames={"#version": "version"},
                    ExpressionAttributeValues={":expected": {"N": str(expected_version)}},
                )
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def list_for_session(self, session_id: str, limit: int) -> list[JobRecord]:
        items = newest_in_index(self._table, JOBS_BY_SESSION, session_id, limit, self._retry_after_s)
        return [_job_from_item(i) for i in items]
