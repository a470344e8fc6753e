"""Tables from core.schema, buckets and queues: durability and security properties."""

from __future__ import annotations

import json

import pytest

from core.routes import FUNCTIONS
from core.schema import IDEMPOTENCY_TABLE, JOB_MAX_RECEIVES, SESSIONS_TABLE, SNAPSHOT_RETENTION, TableSchema

from .cfn import props, ref_id, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def table_for(template: dict, schema: TableSchema) -> dict:
    for table in resources(template, "AWS::DynamoDB::Table").values():
        keys = {k["KeyType"]: k["AttributeName"] for k in props(table)["KeySchema"]}
        if keys == {"HASH": schema.partition_key, **({"RANGE": schema.sort_key} if schema.sort_key else {})}:
            return table
    raise AssertionError(f"no table with the key schema of {schema}")


@pytest.mark.parametrize("schema", [SESSIONS_TABLE, IDEMPOTENCY_TABLE], ids=["sessions", "idempotency"])
def test_tables_follow_the_shared_schema_and_are_durable(template: dict, schema: TableSchema) -> None:
    table = table_for(template, schema)
    p = props(table)
    assert p["BillingMode"] == "PAY_PER_REQUEST"
    assert p["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert p["SSESpecification"]["SSEEnabled"] is True
    assert p["TimeToLiveSpecification"] == {"AttributeName": schema.ttl_attribute, "Enabled": True}
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    # Same attribute definitions as the moto/local tables built from the schema.
    expected = schema.boto3_create_kwargs("x")
    assert sorted(p["AttributeDefinitions"], key=str) == sorted(expected["AttributeDefinitions"], key=str)
    indexes = {i["IndexName"]: i for i in p.get("GlobalSecondaryIndexes", [])}
    assert set(indexes) == {i["IndexName"] for i in expected.get("GlobalSecondaryIndexes", [])}
    for index in expected.get("GlobalSecondaryIndexes", []):
        assert indexes[index["IndexName"]]["KeySchema"] == index["KeySchema"]


def test_sessions_table_streams_keys_only(template: dict) -> None:
    assert props(table_for(template, SESSIONS_TABLE))["StreamSpecification"] == {"StreamViewType": "KEYS_ONLY"}
    assert "StreamSpecification" not in props(table_for(template, IDEMPOTENCY_TABLE))


def buckets(template: dict) -> dict[str, dict]:
    return resources(template, "AWS::S3::Bucket")


def env_bucket(template: dict, key: str) -> dict:
    fn = next(
        f
        for f in resources(template, "AWS::Lambda::Function").values()
        if props(f).get("Handler") == FUNCTIONS["session"].handler
    )
    return template["Resources"][ref_id(props(fn)["Environment"]["Variables"][key])]


def test_every_bucket_is_private_encrypted_and_tls_only(template: dict) -> None:
    policies = {
        ref_id(props(p)["Bucket"]): props(p)["PolicyDocument"]
        for p in resources(template, "AWS::S3::BucketPolicy").values()
    }
    assert len(buckets(template)) >= 4
    for logical_id, bucket in buckets(template).items():
        p = props(bucket)
        assert p["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
        }  # fmt: skip
        (rule,) = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
        deny_plain_http = [
            s for s in policies[logical_id]["Statement"]
            if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
        ]  # fmt: skip
        assert deny_plain_http, f"{logical_id} accepts plain HTTP"


def test_data_buckets_log_access_and_are_retained(template: dict) -> None:
    for key in ("SNAPSHOT_BUCKET", "JOBS_BUCKET"):
        bucket = env_bucket(template, key)
        assert bucket["DeletionPolicy"] == "Retain"
        assert props(bucket)["LoggingConfiguration"]["LogFilePrefix"].startswith("s3/")


def test_snapshot_bucket_is_versioned_and_keeps_recent_noncurrent_versions(template: dict) -> None:
    p = props(env_bucket(template, "SNAPSHOT_BUCKET"))
    assert p["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = [r for r in p["LifecycleConfiguration"]["Rules"] if "NoncurrentVersionExpiration" in r]
    assert rules and rules[0]["Status"] == "Enabled"
    expiry = rules[0]["NoncurrentVersionExpiration"]
    # The embedded snapshot store prunes by the same numbers (core.schema.SNAPSHOT_RETENTION).
    assert (expiry["NewerNoncurrentVersions"], expiry["NoncurrentDays"]) == (
        SNAPSHOT_RETENTION.versions,
        SNAPSHOT_RETENTION.days,
    )
    assert SNAPSHOT_RETENTION.versions >= 5 and SNAPSHOT_RETENTION.days >= 1
    assert not any("ExpirationInDays" in r for r in p["LifecycleConfiguration"]["Rules"])  # latest never expires


def test_job_files_expire(template: dict) -> None:
    rules = props(env_bucket(template, "JOBS_BUCKET"))["LifecycleConfiguration"]["Rules"]
    assert any(r.get("ExpirationInDays", 0) == 7 and r["Status"] == "Enabled" for r in rules)


def test_download_links_can_be_fetched_from_the_allowed_origins(template: dict) -> None:
    # Presigned URLs are on the bucket's domain: without this rule a browser's fetch() of a result is blocked.
    (rule,) = props(env_bucket(template, "JOBS_BUCKET"))["CorsConfiguration"]["CorsRules"]
    assert sorted(rule["AllowedMethods"]) == ["GET", "HEAD"]
    assert rule["AllowedOrigins"] == ["https://client.example.com"]  # context allowedOrigins, nothing wider
    assert "Content-Disposition" in rule["ExposedHeaders"]
    for fn in resources(template, "AWS::Lambda::Function").values():
        if props(fn).get("Handler") in {f.handler for f in FUNCTIONS.values()}:
            assert props(fn)["Environment"]["Variables"]["ALLOWED_ORIGINS"] == "https://client.example.com"


def test_jobs_queue_redrives_to_an_encrypted_dlq_with_enough_visibility(template: dict) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    (main_id,) = [k for k, q in queues.items() if "RedrivePolicy" in props(q)]
    main = props(queues[main_id])
    assert main["RedrivePolicy"]["maxReceiveCount"] >= JOB_MAX_RECEIVES >= 5
    assert main["VisibilityTimeout"] >= 6 * FUNCTIONS["ai-worker"].timeout_s
    dlq = props(queues[ref_id(main["RedrivePolicy"]["deadLetterTargetArn"])])
    assert dlq["VisibilityTimeout"] >= FUNCTIONS["ai-worker"].timeout_s  # the worker consumes it too
    assert dlq["MessageRetentionPeriod"] == 14 * 86400
    policies = {
        ref_id(q): props(p) for p in resources(template, "AWS::SQS::QueuePolicy").values() for q in props(p)["Queues"]
    }
    for logical_id, queue in queues.items():
        assert props(queue)["SqsManagedSseEnabled"] is True
        assert '"aws:SecureTransport": "false"' in json.dumps(policies[logical_id]["PolicyDocument"])
