"""Create the AWS resources the product uses, from the same definitions the CDK stack reads.

For moto (in-process tests or `moto_server`) and other AWS-compatible endpoints, never for a real account
(use `make deploy` there): `STORAGE=aws AWS_ENDPOINT_URL=http://127.0.0.1:5000 python -m local.provision`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.adapters.aws.clients import client
from core.config import get_settings
from core.schema import IDEMPOTENCY_TABLE, JOB_MAX_RECEIVES, SESSIONS_TABLE


@dataclass(frozen=True)
class Provisioned:
    queue_url: str
    dlq_url: str
    dlq_arn: str

    def env(self) -> dict[str, str]:
        """What a process needs in its environment to use the queues."""
        return {"JOBS_QUEUE_URL": self.queue_url, "JOBS_DLQ_ARN": self.dlq_arn}


def provision(queue_name: str = "resume-jobs") -> Provisioned:
    settings = get_settings()
    dynamodb, s3, sqs = client("dynamodb"), client("s3"), client("sqs")
    dynamodb.create_table(
        **SESSIONS_TABLE.boto3_create_kwargs(settings.ddb_table),
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    dynamodb.create_table(**IDEMPOTENCY_TABLE.boto3_create_kwargs(settings.idempotency_table))
    for table, schema in ((settings.ddb_table, SESSIONS_TABLE), (settings.idempotency_table, IDEMPOTENCY_TABLE)):
        dynamodb.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": schema.ttl_attribute}
        )
    for bucket in (settings.snapshot_bucket, settings.jobs_bucket):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=settings.snapshot_bucket, VersioningConfiguration={"Status": "Enabled"})
    dlq_url = sqs.create_queue(QueueName=f"{queue_name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=queue_name,
        Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(JOB_MAX_RECEIVES)})
        },
    )["QueueUrl"]
    return Provisioned(queue_url=queue_url, dlq_url=dlq_url, dlq_arn=dlq_arn)


if __name__ == "__main__":
    print("\n".join(f"{k}={v}" for k, v in provision().env().items()))
