"""The optimize job queue on AWS: SQS (the ai-worker receives it through Lambda's event source mapping)."""

from __future__ import annotations

import json

from ...config import ConfigError
from .clients import client
from .errors import aws_call


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
