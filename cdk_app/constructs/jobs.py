"""Optimize jobs: an encrypted queue with a dead-letter queue, both consumed by the ai-worker."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from cdk_app.nag import acknowledge
from core.routes import FUNCTIONS
from core.schema import JOB_MAX_RECEIVES

WORKER = FUNCTIONS["ai-worker"]
# AWS guidance for Lambda consumers: visibility timeout at least 6x the function timeout (retries inside a batch).
VISIBILITY_TIMEOUT = Duration.seconds(6 * WORKER.timeout_s)
# Jobs run in parallel up to this many workers: it caps LLM calls so a burst of submits cannot hit the quota.
WORKER_CONCURRENCY = 5


def encrypted_queue(scope: Construct, construct_id: str, **props: object) -> sqs.Queue:
    return sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        **props,  # type: ignore[arg-type]
    )


def acknowledge_dead_letter_queue(queue: sqs.IQueue, of: str) -> None:
    reason = f"This queue is the dead-letter queue of {of}; it has no dead-letter queue of its own."
    acknowledge(queue, "AwsSolutions-SQS3", reason)
    acknowledge(queue, "Serverless-SQSRedrivePolicy", reason)


class Jobs(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        # The worker consumes this queue too (marking jobs FAILED), so it needs the same visibility timeout.
        self.dead_letter_queue = encrypted_queue(
            self, "DeadLetters", retention_period=Duration.days(14), visibility_timeout=VISIBILITY_TIMEOUT
        )
        acknowledge_dead_letter_queue(self.dead_letter_queue, "the jobs queue")
        self.queue = encrypted_queue(
            self,
            "Queue",
            visibility_timeout=VISIBILITY_TIMEOUT,
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dead_letter_queue, max_receive_count=JOB_MAX_RECEIVES),
        )

    def attach_worker(self, worker: lambda_.IFunction) -> None:
        """The worker runs jobs from the queue, and marks the jobs of dead-lettered messages FAILED.

        One job per invocation (a job takes minutes); the DLQ path is cheap, so it takes batches. Both report
        partial batch failures so one bad record never replays its neighbours.
        """
        worker.add_event_source(
            sources.SqsEventSource(
                self.queue, batch_size=1, max_concurrency=WORKER_CONCURRENCY, report_batch_item_failures=True
            )
        )
        worker.add_event_source(
            sources.SqsEventSource(
                self.dead_letter_queue,
                batch_size=10,
                max_batching_window=Duration.seconds(5),
                report_batch_item_failures=True,
            )
        )
