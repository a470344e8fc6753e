"""State: the sessions and idempotency tables (key schema from `core.schema`) and the S3 buckets."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_app.nag import acknowledge
from core.schema import IDEMPOTENCY_TABLE, SESSIONS_TABLE, SNAPSHOT_RETENTION, TableSchema

JOB_FILES_DAYS = 7
ACCESS_LOG_DAYS = 90


def _string(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


def table_from_schema(
    scope: Construct, construct_id: str, schema: TableSchema, stream: dynamodb.StreamViewType | None = None
) -> dynamodb.Table:
    table = dynamodb.Table(
        scope,
        construct_id,
        partition_key=_string(schema.partition_key),
        sort_key=_string(schema.sort_key) if schema.sort_key else None,
        time_to_live_attribute=schema.ttl_attribute,
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        encryption=dynamodb.TableEncryption.AWS_MANAGED,
        stream=stream,
        removal_policy=RemovalPolicy.RETAIN,
    )
    for index in schema.indexes:
        table.add_global_secondary_index(
            index_name=index.name,
            partition_key=_string(index.partition_key),
            sort_key=_string(index.sort_key),
            projection_type=dynamodb.ProjectionType.ALL,
        )
    return table


def private_bucket(
    scope: Construct,
    construct_id: str,
    access_logs: s3.IBucket | None,
    removal: RemovalPolicy = RemovalPolicy.RETAIN,
    **props: object,
) -> s3.Bucket:
    """Private, S3-encrypted, TLS-only; server access logs go to the logs bucket under the bucket's id."""
    return s3.Bucket(
        scope,
        construct_id,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix=f"s3/{construct_id}/" if access_logs else None,
        removal_policy=removal,
        auto_delete_objects=removal == RemovalPolicy.DESTROY,
        **props,  # type: ignore[arg-type]
    )


# What a cross-origin client may read of a download (the file name is in Content-Disposition).
DOWNLOAD_EXPOSED_HEADERS = ["Content-Disposition", "Content-Length", "Content-Type", "ETag"]


class Data(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)

        # S3 server access logs and CloudFront standard logs. CloudFront standard logging still writes with ACLs.
        self.logs_bucket = s3.Bucket(
            self,
            "AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(ACCESS_LOG_DAYS))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(self.logs_bucket, "AwsSolutions-S1", "This is the access-log bucket; logging it to itself loops.")

        # Hot session state and jobs. The stream carries keys only: the snapshot consumer re-reads the latest state.
        self.sessions_table = table_from_schema(
            self, "Sessions", SESSIONS_TABLE, stream=dynamodb.StreamViewType.KEYS_ONLY
        )
        self.idempotency_table = table_from_schema(self, "Idempotency", IDEMPOTENCY_TABLE)

        # Cold snapshots: `sessions/<id>/latest.json`, the history is the object versions.
        self.snapshot_bucket = private_bucket(
            self,
            "Snapshots",
            self.logs_bucket,
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="keep-recent-snapshot-versions",
                    noncurrent_versions_to_retain=SNAPSHOT_RETENTION.versions,
                    noncurrent_version_expiration=Duration.days(SNAPSHOT_RETENTION.days),
                ),
                s3.LifecycleRule(
                    id="abort-incomplete-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
                ),
            ],
        )
        # Optimize uploads and results (`jobs/<jobId>/...`): short-lived by design, downloads are presigned.
        self.jobs_bucket = private_bucket(
            self,
            "JobFiles",
            self.logs_bucket,
            lifecycle_rules=[
                s3.LifecycleRule(id="expire-job-files", expiration=Duration.days(JOB_FILES_DAYS)),
                s3.LifecycleRule(
                    id="abort-incomplete-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
                ),
            ],
        )

    def allow_downloads_from(self, origins: list[str]) -> None:
        """Presigned download URLs are on the bucket's own domain: let clients on these origins fetch() them."""
        self.jobs_bucket.add_cors_rule(
            id="downloads",
            allowed_methods=[s3.HttpMethods.GET, s3.HttpMethods.HEAD],
            allowed_origins=origins,
            exposed_headers=DOWNLOAD_EXPOSED_HEADERS,
            max_age=3600,
        )
