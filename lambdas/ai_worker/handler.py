"""ai-worker λ: runs optimize jobs from the SQS queue, and marks jobs FAILED from the dead-letter queue.

Both queues trigger this function; a record is dead-lettered when its `eventSourceARN` is the DLQ's
(`JOBS_DLQ_ARN`). Records are processed with Powertools' BatchProcessor: only the failed ones
(`batchItemFailures`) are delivered again, and after the queue's last receive they reach the DLQ.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from core import container
from core.config import get_settings
from core.errors import BadRequest
from core.ids import require_uuid4
from core.observability import instrumented, logger, metrics
from core.services.optimize.worker import Delivery

# Budget used for the job's lease when the invocation's remaining time is unknown.
DEFAULT_REMAINING_MS = 60_000


def _job_id(record: SQSRecord) -> str | None:
    try:
        return require_uuid4(str(json.loads(record.body)["jobId"]), "jobId")
    except (ValueError, KeyError, TypeError, BadRequest):
        return None


def _handle(record: SQSRecord, context: LambdaContext | None) -> None:
    job_id = _job_id(record)
    if job_id is None:
        # Not a message we sent; retrying cannot help and there is no job to mark.
        logger.error("malformed job message dropped", extra={"message_id": record.message_id})
        metrics.add_metric(name="OptimizeMessageMalformed", unit="Count", value=1)
        return
    if record.event_source_arn == get_settings().jobs_dlq_arn:
        container.job_worker().dead_lettered(job_id)
        return
    remaining = context.get_remaining_time_in_millis() if context is not None else DEFAULT_REMAINING_MS
    delivery = Delivery(
        message_id=record.message_id,
        receipt_handle=record.receipt_handle,
        receive_count=int(record.attributes.approximate_receive_count or 1),
        remaining_ms=remaining,
    )
    container.job_worker().run(job_id, delivery)


def _process(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # Even when every record failed the answer is a partial batch response listing them (not an exception):
    # SQS treats both alike, and the local runtime's poller reads one shape.
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    response: PartialItemFailureResponse = process_partial_response(
        event=event,
        record_handler=lambda record: _handle(record, context),
        processor=processor,
        context=context,
    )
    return dict(response)


lambda_handler = instrumented(_process)
