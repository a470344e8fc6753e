"""One role per function with only what it uses: no wildcard actions, resources scoped."""

from __future__ import annotations

import json

import pytest

from cdk_app.constructs.functions import COUNTER_PARTITIONS
from core.routes import FUNCTIONS
from core.schema import RESUMES_BY_OWNER, SESSIONS_TABLE, SHARES_BY_SESSION

from .cfn import function_id, permissions, props, ref_id, resources, role_statements

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

# AWS offers these only on Resource "*".
UNSCOPED_BY_AWS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams"}


def ids_of(template: dict, type_: str) -> set[str]:
    return set(resources(template, type_))


def test_each_function_has_its_own_role_without_managed_policies(template: dict) -> None:
    roles = [ref_id(props(template["Resources"][function_id(template, fn)])["Role"]) for fn in FUNCTIONS.values()]
    assert len(set(roles)) == len(roles)
    for role in roles:
        p = props(template["Resources"][role])
        assert "ManagedPolicyArns" not in p
        (statement,) = p["AssumeRolePolicyDocument"]["Statement"]
        assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_no_wildcard_actions_and_star_resources_only_where_aws_requires(template: dict, name: str) -> None:
    pairs = permissions(template, name)
    assert pairs
    for action, resource in pairs:
        assert "*" not in action, f"{name}: wildcard action {action}"
        if resource == '"*"':
            assert action in UNSCOPED_BY_AWS, f"{name}: {action} on every resource"


def actions_on(template: dict, name: str, logical_id: str) -> set[str]:
    return {a for a, r in permissions(template, name) if f'"{logical_id}"' in r}


def table_ids(template: dict) -> tuple[str, str]:
    tables = resources(template, "AWS::DynamoDB::Table")
    sessions = next(k for k, t in tables.items() if "StreamSpecification" in props(t))
    (idempotency,) = set(tables) - {sessions}
    return sessions, idempotency


def bucket_id(template: dict, env_key: str) -> str:
    fn = props(template["Resources"][function_id(template, FUNCTIONS["session"])])
    return ref_id(fn["Environment"]["Variables"][env_key])


def test_permissions_follow_what_each_function_does(template: dict) -> None:
    sessions, idempotency = table_ids(template)
    snapshots, job_files = bucket_id(template, "SNAPSHOT_BUCKET"), bucket_id(template, "JOBS_BUCKET")
    queues = resources(template, "AWS::SQS::Queue")
    jobs_queue = next(k for k, q in queues.items() if "RedrivePolicy" in props(q))
    dlq = ref_id(props(queues[jobs_queue])["RedrivePolicy"]["deadLetterTargetArn"])
    (secret,) = ids_of(template, "AWS::SecretsManager::Secret")

    def on(name: str, logical_id: str) -> set[str]:
        return actions_on(template, name, logical_id)

    # session: reads and rehydrates the table, reads snapshots, nothing else.
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"} <= on("session", sessions)
    assert on("session", snapshots) == {"s3:GetObject", "s3:ListBucket"}
    assert not on("session", job_files) | on("session", secret) | on("session", jobs_queue)
    # resume: the table, and reading the snapshot a save after the hot copy expired restores first.
    assert on("resume", sessions) == {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:BatchWriteItem",
    }
    assert on("resume", snapshots) == {"s3:GetObject", "s3:ListBucket"}
    assert not on("resume", secret) | on("resume", idempotency)
    # snapshot: reads the table and its stream, writes and lists snapshot versions, writes and revokes read-only
    # links (whole items: never an update of a session's items).
    assert {"s3:PutObject", "s3:GetObjectVersion", "s3:ListBucketVersions"} <= on("snapshot", snapshots)
    assert {"dynamodb:PutItem", "dynamodb:DeleteItem"} <= on("snapshot", sessions)
    assert "dynamodb:UpdateItem" not in on("snapshot", sessions)
    assert {"dynamodb:GetRecords", "dynamodb:GetShardIterator"} <= on("snapshot", sessions)
    # chat: the table and the LLM secret.
    assert on("chat", secret) == {"secretsmanager:GetSecretValue"}
    assert not on("chat", jobs_queue) | on("chat", job_files)
    # optimize: idempotency, uploads, and sending jobs; never the LLM secret.
    assert {"dynamodb:GetItem", "dynamodb:PutItem"} <= on("optimize", idempotency)
    assert on("optimize", job_files) == {"s3:PutObject"}
    assert "sqs:SendMessage" in on("optimize", jobs_queue)
    assert not on("optimize", secret)
    # ai-worker: consumes the queue and the DLQ, reads uploads, writes results, reads the secret.
    for queue in (jobs_queue, dlq):
        assert {"sqs:ReceiveMessage", "sqs:DeleteMessage"} <= on("ai-worker", queue)
    assert on("ai-worker", job_files) == {"s3:GetObject", "s3:PutObject"}
    assert on("ai-worker", secret) == {"secretsmanager:GetSecretValue"}
    # status-checker: job reads/updates, the jobs-by-session index, presigned downloads.
    assert on("status-checker", job_files) == {"s3:GetObject"}
    assert on("status-checker", sessions) >= {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"}
    # Job records are written whole (a PutItem conditioned on the version): no function writing jobs updates them.
    # Chat, optimize and the worker update the cost guard's counters, and only those partitions (an update of a
    # resume item could change its owner).
    for name in ("chat", "optimize", "ai-worker", "status-checker"):
        assert "dynamodb:PutItem" in on(name, sessions)
        updates = [
            s
            for s in role_statements(template, FUNCTIONS[name])
            if "dynamodb:UpdateItem" in json.dumps(s["Action"]) and f'"{sessions}"' in json.dumps(s["Resource"])
        ]
        assert len(updates) == (0 if name == "status-checker" else 1), name
        for statement in updates:
            assert statement["Action"] == "dynamodb:UpdateItem"
            keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
            assert sorted(keys) == sorted(COUNTER_PARTITIONS) and not any(k.startswith("job#") for k in keys)
    index = SESSIONS_TABLE.indexes[0].name
    index_resources = [r for a, r in permissions(template, "status-checker") if a == "dynamodb:Query"]
    assert index_resources and all(f"/index/{index}" in r for r in index_resources)
    # My resumes (session) and a session's read-only links (snapshot) are index queries too.
    for name, owned in (("session", RESUMES_BY_OWNER), ("snapshot", SHARES_BY_SESSION)):
        assert any(a == "dynamodb:Query" and f"/index/{owned.name}" in r for a, r in permissions(template, name))
    # export: writes the rendered file and signs its download URL; no table, queue, snapshot or secret.
    assert on("export", job_files) == {"s3:PutObject", "s3:GetObject"}
    assert not on("export", sessions) | on("export", idempotency) | on("export", snapshots)
    assert not on("export", jobs_queue) | on("export", dlq) | on("export", secret)


def test_object_access_is_limited_to_the_functions_prefix(template: dict) -> None:
    for name in FUNCTIONS:
        for action, resource in permissions(template, name):
            if action.startswith("s3:") and action not in {"s3:ListBucket", "s3:ListBucketVersions"}:
                assert "/sessions/*" in resource or "/jobs/*" in resource, (name, action, resource)


def test_bucket_listing_is_limited_to_the_sessions_prefix(template: dict) -> None:
    for name in ("session", "snapshot"):
        listing = [s for s in role_statements(template, FUNCTIONS[name]) if "s3:ListBucket" in json.dumps(s["Action"])]
        assert listing and all(s["Condition"] == {"StringLike": {"s3:prefix": ["sessions/*"]}} for s in listing)
