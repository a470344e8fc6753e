"""Local runtime only: receives the SQS job queues the way Lambda's event source mapping does."""

from __future__ import annotations

from typing import Any

from ...config import ConfigError
from .clients import client
from .errors import aws_call


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
