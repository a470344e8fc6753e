"""The job-queue poller: the local runtime's stand-in for the SQS event source mappings of the ai-worker.

Receives from the job queue and from its dead-letter queue and calls the ai-worker handler with SQS-shaped
events; messages the handler reports in `batchItemFailures` stay on the queue and come back after their
visibility timeout (or sooner, when the worker asked for a quick retry). With the embedded store the queue is
the durable SQLite queue in DATA_DIR: on the first round after a (re)start, messages that were in flight in the
previous process are made visible again, so pending jobs resume. With STORAGE=aws (moto server, or AWS) it
polls the SQS queues named by JOBS_QUEUE_URL and JOBS_DLQ_ARN.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from core import container
from core.adapters.embedded.queue import DEAD, JOBS, EmbeddedJobQueue
from core.config import LOCAL_JOBS_QUEUE_ARN, get_settings
from core.observability import logger

from .invoker import LambdaInvoker

WORKER = "ai-worker"


class QueueSource(Protocol):
    def receive(self) -> list[dict[str, Any]]: ...

    def delete(self, record: dict[str, Any]) -> None: ...


class EmbeddedSource:
    def __init__(self, queue: EmbeddedJobQueue, name: str, arn: str) -> None:
        self._queue, self._name, self._arn = queue, name, arn

    def receive(self) -> list[dict[str, Any]]:
        return [m.sqs_record(self._arn) for m in self._queue.receive(1, self._name)]

    def delete(self, record: dict[str, Any]) -> None:
        self._queue.delete(record["receiptHandle"])


@cache
def _recovered(db_path: str) -> int:
    """Once per process and data directory: whatever was in flight belonged to a process that is gone."""
    released = container.embedded_job_queue().release_in_flight()
    if released:
        logger.info("resuming jobs left in flight by the previous run", extra={"messages": released})
    return released


@cache
def _sqs_source(url: str | None, arn: str | None) -> QueueSource:
    from core.adapters.aws.queue_consumer import SqsQueueConsumer

    consumer = SqsQueueConsumer(url=url, arn=arn, retry_after_s=get_settings().retry_after_s)

    class SqsSource:
        def receive(self) -> list[dict[str, Any]]:
            return consumer.receive(max_messages=1, wait_s=1)

        def delete(self, record: dict[str, Any]) -> None:
            consumer.delete(record["receiptHandle"])

    return SqsSource()


def sources() -> list[QueueSource]:
    settings = get_settings()
    if settings.storage == "embedded":
        queue = container.embedded_job_queue()
        _recovered(str(container.embedded_db().path))
        return [
            EmbeddedSource(queue, JOBS, LOCAL_JOBS_QUEUE_ARN),
            EmbeddedSource(queue, DEAD, str(settings.jobs_dlq_arn)),
        ]
    if not settings.jobs_queue_url:
        return []
    found = [_sqs_source(settings.jobs_queue_url, None)]
    if settings.jobs_dlq_arn:
        found.append(_sqs_source(None, settings.jobs_dlq_arn))
    return found


def poll_job_queue(invoker: LambdaInvoker) -> int:
    handled = 0
    for source in sources():
        records = source.receive()
        if not records:
            continue
        result = invoker.invoke(WORKER, {"Records": records})
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures") or []}
        for record in records:
            if record["messageId"] not in failed:
                source.delete(record)
        handled += len(records)
    return handled
