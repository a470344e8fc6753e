"""Optimize jobs on AWS: job records in the sessions table, the SQS job queue, job files in the jobs bucket."""

from __future__ import annotations

import json
import zlib
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from ...config import ConfigError
from ...models.jobs import JobRecord
from ...schema import JOB_ITEM_KEY, JOB_PARTITION_PREFIX, SESSIONS_TABLE
from .clients import client
from .errors import aws_call, error_code

PK, SK = SESSIONS_TABLE.partition_key, SESSIONS_TABLE.sort_key or "itemKey"
JOBS_INDEX = SESSIONS_TABLE.indexes[0]
MISSING_OBJECT = frozenset({"NoSuchKey", "404", "NotFound"})
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
        with aws_call("DynamoDB", self._retry_after_s):
            items = (
                client("dynamodb")
                .query(
                    TableName=self._table,
                    IndexName=JOBS_INDEX.name,
                    KeyConditionExpression="#s = :s",
                    ExpressionAttributeNames={"#s": JOBS_INDEX.partition_key},
                    ExpressionAttributeValues={":s": {"S": session_id}},
                    ScanIndexForward=False,
                    Limit=limit,
                )
                .get("Items", [])
            )
        return [_job_from_item(i) for i in items]


class SqsJobQueue:
    def __init__(self, queue_url: str | None, retry_after_s: int) -> None:
        self._url = queue_url
        self._retry_after_s = retry_after_s

    def _queue_url(self) -> str:
        if not self._url:
            raise ConfigError("JOBS_QUEUE_URL is not set: the optimize function cannot queue jobs")
        return self._url

    def send(self, job_id: str) -> None:
        with aws_call("SQS", self._retry_after_s):
            client("sqs").send_message(QueueUrl=self._queue_url(), MessageBody=json.dumps({"jobId": job_id}))

    def retry_later(self, receipt_handle: str, delay_s: int) -> None:
        with aws_call("SQS", self._retry_after_s):
            client("sqs").change_message_visibility(
                QueueUrl=self._queue_url(), ReceiptHandle=receipt_handle, VisibilityTimeout=delay_s
            )


class S3JobFiles:
    def __init__(self, bucket: str, retry_after_s: int) -> None:
        self._bucket = bucket
        self._retry_after_s = retry_after_s

    def put(self, key: str, data: bytes, content_type: str) -> None:
        with aws_call("S3", self._retry_after_s):
            client("s3").put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes | None:
        try:
            with aws_call("S3", self._retry_after_s):
                return bytes(client("s3").get_object(Bucket=self._bucket, Key=key)["Body"].read())
        except ClientError as exc:
            if error_code(exc) in MISSING_OBJECT:
                return None
            raise

    def download_url(self, key: str, filename: str, content_type: str, expires_s: int, base_url: str) -> str:
        # Signing is local computation (no request); the URL is valid as long as the signing credentials are.
        return str(
            client("s3").generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self._bucket,
                    "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{filename}"',
                    "ResponseContentType": content_type,
                },
                ExpiresIn=expires_s,
            )
        )


class SqsQueueConsumer:
    """Receives from an SQS queue as Lambda's event source mapping does (the local runtime's poller, when it
    runs against moto server or AWS): messages come back as SQS event records."""

    def __init__(self, *, retry_after_s: int, url: str | None = None, arn: str | None = None) -> None:
        if not url and not arn:
            raise ConfigError("an SQS queue URL or ARN is needed")
        self._url, self._arn = url, arn
        self._retry_after_s = retry_after_s

    def _resolve(self) -> tuple[str, str]:
        sqs = client("sqs")
        with aws_call("SQS", self._retry_after_s):
            if not self._url:
                self._url = str(sqs.get_queue_url(QueueName=str(self._arn).rsplit(":", 1)[-1])["QueueUrl"])
            if not self._arn:
                attributes = sqs.get_queue_attributes(QueueUrl=self._url, AttributeNames=["QueueArn"])
                self._arn = str(attributes["Attributes"]["QueueArn"])
        return self._url, self._arn

    def receive(self, max_messages: int = 1, wait_s: int = 1) -> list[dict[str, Any]]:
        url, arn = self._resolve()
        with aws_call("SQS", self._retry_after_s):
            messages = (
                client("sqs")
                .receive_message(
                    QueueUrl=url,
                    MaxNumberOfMessages=max_messages,
                    WaitTimeSeconds=wait_s,
                    MessageSystemAttributeNames=["All"],
                )
                .get("Messages", [])
            )
        return [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": m.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": arn.split(":")[3],
            }
            for m in messages
        ]

    def delete(self, receipt_handle: str) -> None:
        url, _ = self._resolve()
        with aws_call("SQS", self._retry_after_s):
            client("sqs").delete_message(QueueUrl=url, ReceiptHandle=receipt_handle)
