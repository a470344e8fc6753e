"""Every function of the route table: runtime, CPU, memory, timeout, logs, environment, layer, triggers."""

from __future__ import annotations

import json

import pytest

from cdk_app.constructs.functions import SNAPSHOT_ITEM_PREFIXES
from cdk_app.constructs.jobs import WORKER_CONCURRENCY
from cdk_app.settings import AI_FUNCTIONS, RESERVED_CONCURRENCY
from core.routes import FUNCTIONS, LambdaFunction
from core.schema import SESSIONS_TABLE

from .cfn import function_id, mentions, props, ref_id, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

ALL = list(FUNCTIONS.values())
EXPECTED_ENV = {
    "STORAGE", "DDB_TABLE", "IDEMPOTENCY_TABLE", "SNAPSHOT_BUCKET", "JOBS_BUCKET", "JOBS_QUEUE_URL", "JOBS_DLQ_ARN",
    "LLM_PROVIDER", "OPENAI_MODEL", "GROQ_MODEL", "LLM_SECRET_NAME", "APP_VERSION", "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL", "LOG_ID_KEY",
    "ALLOWED_ORIGINS",  # the test context sets allowedOrigins
    "AUTH_MODE", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_DOMAIN",  # accounts on (test_auth)
}  # fmt: skip


def function(template: dict, fn: LambdaFunction) -> dict:
    return props(template["Resources"][function_id(template, fn)])


@pytest.mark.parametrize("fn", ALL, ids=lambda f: f.name)
def test_runtime_cpu_memory_timeout_tracing(template: dict, fn: LambdaFunction) -> None:
    p = function(template, fn)
    assert p["Runtime"] == "python3.14"
    assert p["Architectures"] == ["arm64"]
    assert p["MemorySize"] == fn.memory_mb
    assert p["Timeout"] == fn.timeout_s
    assert p["TracingConfig"] == {"Mode": "Active"}


def test_chat_answers_within_api_gateway_integration_limit(template: dict) -> None:
    assert function(template, FUNCTIONS["chat"])["Timeout"] < 29


@pytest.mark.parametrize("fn", ALL, ids=lambda f: f.name)
def test_json_logs_to_own_log_group_with_retention(template: dict, fn: LambdaFunction) -> None:
    logging = function(template, fn)["LoggingConfig"]
    assert logging["LogFormat"] == "JSON"
    assert logging["ApplicationLogLevel"] == "INFO"
    group = template["Resources"][ref_id(logging["LogGroup"])]
    assert group["Type"] == "AWS::Logs::LogGroup"
    assert props(group)["RetentionInDays"] == 30
    others = [function(template, f)["LoggingConfig"]["LogGroup"] for f in ALL if f != fn]
    assert logging["LogGroup"] not in others


@pytest.mark.parametrize("fn", ALL, ids=lambda f: f.name)
def test_environment_comes_from_one_place_and_holds_no_secret(template: dict, fn: LambdaFunction) -> None:
    env = function(template, fn)["Environment"]["Variables"]
    assert set(env) == EXPECTED_ENV | ({"AI_MONTHLY_BUDGET_CALLS"} if fn.name in AI_FUNCTIONS else set())
    assert env["STORAGE"] == "aws"
    assert env["POWERTOOLS_SERVICE_NAME"] == fn.name
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == "ResumeChat"
    assert env["LLM_PROVIDER"] == "writer"
    by_type = {
        "DDB_TABLE": "AWS::DynamoDB::Table",
        "IDEMPOTENCY_TABLE": "AWS::DynamoDB::Table",
        "SNAPSHOT_BUCKET": "AWS::S3::Bucket",
        "JOBS_BUCKET": "AWS::S3::Bucket",
        "JOBS_QUEUE_URL": "AWS::SQS::Queue",
        "JOBS_DLQ_ARN": "AWS::SQS::Queue",
        "LLM_SECRET_NAME": "AWS::SecretsManager::Secret",
    }
    for key, type_ in by_type.items():
        assert template["Resources"][ref_id(env[key])]["Type"] == type_, key
    assert env["DDB_TABLE"] != env["IDEMPOTENCY_TABLE"]
    assert env["SNAPSHOT_BUCKET"] != env["JOBS_BUCKET"]
    assert env["JOBS_QUEUE_URL"] != env["JOBS_DLQ_ARN"]
    text = json.dumps(env).lower()
    assert "sk-" not in text and "api_key" not in text
    # The log hash key: the random part of the stack id, the same in every function of one deployment.
    assert env["LOG_ID_KEY"] == {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}


def test_every_function_uses_the_one_shared_layer(template: dict) -> None:
    # (BucketDeployment brings its own AWS CLI layers; ours is the Python one.)
    layers = {
        k: v for k, v in resources(template, "AWS::Lambda::LayerVersion").items() if "CompatibleRuntimes" in props(v)
    }
    ((layer_id, layer),) = layers.items()
    assert props(layer)["CompatibleRuntimes"] == ["python3.14"]
    assert props(layer)["CompatibleArchitectures"] == ["arm64"]
    for fn in ALL:
        assert [ref_id(x) for x in function(template, fn)["Layers"]] == [layer_id]


def mappings_of(template: dict, fn: LambdaFunction) -> list[dict]:
    fid = function_id(template, fn)
    return [
        props(m)
        for m in resources(template, "AWS::Lambda::EventSourceMapping").values()
        if ref_id(props(m)["FunctionName"]) == fid
    ]


def test_only_the_route_tables_triggers_have_event_sources(template: dict) -> None:
    for fn in ALL:
        count = len(mappings_of(template, fn))
        expected = 2 if "queue" in fn.triggers else 1 if "stream" in fn.triggers else 0
        assert count == expected, fn.name


def test_worker_consumes_queue_and_dead_letter_queue_with_partial_batch_failures(template: dict) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    main = next(k for k, q in queues.items() if "RedrivePolicy" in props(q))
    dlq = ref_id(props(queues[main])["RedrivePolicy"]["deadLetterTargetArn"])
    sources = {ref_id(m["EventSourceArn"]): m for m in mappings_of(template, FUNCTIONS["ai-worker"])}
    assert set(sources) == {main, dlq}
    for mapping in sources.values():
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert sources[main]["BatchSize"] == 1
    assert sources[main]["ScalingConfig"]["MaximumConcurrency"] == WORKER_CONCURRENCY
    worker_env = function(template, FUNCTIONS["ai-worker"])["Environment"]["Variables"]
    assert ref_id(worker_env["JOBS_DLQ_ARN"]) == dlq  # how the worker tells dead letters apart


def test_snapshot_stream_trigger_coalesces_filters_and_bounds_retries(template: dict) -> None:
    (mapping,) = mappings_of(template, FUNCTIONS["snapshot"])
    table = ref_id(mapping["EventSourceArn"])
    assert mapping["EventSourceArn"]["Fn::GetAtt"][1] == "StreamArn"
    assert template["Resources"][table]["Type"] == "AWS::DynamoDB::Table"
    assert 30 <= mapping["MaximumBatchingWindowInSeconds"] <= 60
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert 0 < mapping["MaximumRetryAttempts"] <= 5
    assert 0 < mapping["MaximumRecordAgeInSeconds"] <= 24 * 3600
    failures = ref_id(mapping["DestinationConfig"]["OnFailure"]["Destination"])
    assert template["Resources"][failures]["Type"] == "AWS::SQS::Queue"
    (pattern,) = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]
    assert sorted(pattern["eventName"]) == ["INSERT", "MODIFY"]
    key_rule = pattern["dynamodb"]["Keys"][SESSIONS_TABLE.sort_key]["S"]
    assert sorted(r["prefix"] for r in key_rule) == sorted(SNAPSHOT_ITEM_PREFIXES) == ["chat#", "resume#"]


def test_llm_secret_is_created_by_the_stack_without_a_value_in_the_template(template: dict) -> None:
    (secret,) = resources(template, "AWS::SecretsManager::Secret").values()
    assert "SecretString" not in props(secret)  # generated at deploy, replaced by the user
    assert mentions(
        template["Outputs"],
        ref_id(function(template, FUNCTIONS["chat"])["Environment"]["Variables"]["LLM_SECRET_NAME"]),
    )


def test_the_ai_functions_are_capped_by_reserved_concurrency_and_nothing_else_is(
    template: dict, open_template: dict
) -> None:
    assert set(AI_FUNCTIONS) == {"chat", "optimize", "ai-worker"} <= set(FUNCTIONS)
    for fn in ALL:
        reserved = function(template, fn).get("ReservedConcurrentExecutions")
        assert reserved == RESERVED_CONCURRENCY.get(fn.name), fn.name
        # context reservedConcurrency=off (accounts whose concurrency quota is too small for any reservation)
        assert "ReservedConcurrentExecutions" not in props(open_template["Resources"][function_id(open_template, fn)])
    for name in ("resume", "session"):
        assert "ReservedConcurrentExecutions" not in function(template, FUNCTIONS[name])
    # The worker's cap leaves room for the jobs queue's concurrency and the dead-letter drain.
    assert function(template, FUNCTIONS["ai-worker"])["ReservedConcurrentExecutions"] > WORKER_CONCURRENCY


def test_the_monthly_ai_budget_reaches_every_ai_function(template: dict, open_template: dict) -> None:
    for name in AI_FUNCTIONS:
        assert function(template, FUNCTIONS[name])["Environment"]["Variables"]["AI_MONTHLY_BUDGET_CALLS"] == "1000"
        open_env = props(open_template["Resources"][function_id(open_template, FUNCTIONS[name])])["Environment"]
        assert open_env["Variables"]["AI_MONTHLY_BUDGET_CALLS"] == "0"  # the default: unlimited
