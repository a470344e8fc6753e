"""Every Lambda of the route table: shared layer, one role and one log group per function, env from one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import AssetHashType, Aws, Duration, Fn, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from cdk_app.constructs.auth import Auth
from cdk_app.constructs.data import Data
from cdk_app.constructs.jobs import Jobs, acknowledge_dead_letter_queue, encrypted_queue
from cdk_app.layer import LayerTarget, build_layer
from cdk_app.nag import acknowledge, logical_id
from cdk_app.settings import (
    AI_FUNCTIONS,
    LAMBDA_ARCHITECTURE,
    LAMBDA_PYTHON_VERSION,
    LAMBDA_RUNTIME,
    LAYER_PLATFORMS,
    DeploySettings,
)
from core.routes import FUNCTIONS, LambdaFunction
from core.schema import (
    AI_BUDGET_PARTITION_PREFIX,
    CHAT_ITEM_PREFIX,
    JOBS_BY_SESSION,
    RATE_LIMIT_PARTITION_PREFIX,
    RESUME_ITEM_KEY,
    RESUMES_BY_OWNER,
    SESSIONS_TABLE,
    SHARES_BY_SESSION,
    Index,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAMBDAS_DIR = PROJECT_ROOT / "lambdas"
METRICS_NAMESPACE = "ResumeChat"

# The snapshot consumer's stream trigger: autosaves within this window coalesce into one invocation.
SNAPSHOT_BATCH_WINDOW = Duration.seconds(30)
SNAPSHOT_ITEM_PREFIXES = (RESUME_ITEM_KEY.split("#")[0] + "#", CHAT_ITEM_PREFIX)
# Partitions of the cost guard's counters in the sessions table: functions that write jobs whole may update these
# items and nothing else.
COUNTER_PARTITIONS = (f"{RATE_LIMIT_PARTITION_PREFIX}*", f"{AI_BUDGET_PARTITION_PREFIX}*")


@dataclass(frozen=True)
class Access:
    """What one function may do, beyond writing its own logs and traces."""

    table: tuple[str, ...] = ()  # DynamoDB actions on the sessions table
    indexes: tuple[Index, ...] = ()  # Query these indexes of the sessions table
    counters: bool = False  # UpdateItem on the cost guard's counter items only (never a job or session item)
    idempotency: tuple[str, ...] = ()  # DynamoDB actions on the idempotency table
    snapshot_objects: tuple[str, ...] = ()  # S3 object actions under sessions/
    snapshot_bucket: tuple[str, ...] = ()  # S3 bucket actions (listing), limited to the sessions/ prefix
    job_objects: tuple[str, ...] = ()  # S3 object actions under jobs/
    send_jobs: bool = False
    llm_secret: bool = False


READ = ("dynamodb:GetItem", "dynamodb:Query")
# Whose a session is, when its hot copy is gone: the newest snapshot says (`core.services.access`).
READ_SNAPSHOT, LIST_SNAPSHOTS = ("s3:GetObject",), ("s3:ListBucket",)
# Job records are written whole, by a PutItem conditioned on their version (the job lifecycle's compare-and-set).
# ListBucket makes a missing key a 404 (NoSuchKey) instead of a 403, which the adapters rely on.
ACCESS: dict[str, Access] = {
    "session": Access(
        # Rehydrate from the snapshot (PutItem, BatchWriteItem); claim a resume (UpdateItem); My resumes (index).
        table=(*READ, "dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem"),
        indexes=(RESUMES_BY_OWNER,),
        snapshot_objects=READ_SNAPSHOT,
        snapshot_bucket=LIST_SNAPSHOTS,
    ),
    # A versioned save whose hot copy expired brings the snapshot back first (PutItem, BatchWriteItem).
    "resume": Access(
        table=("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
        snapshot_objects=READ_SNAPSHOT,
        snapshot_bucket=LIST_SNAPSHOTS,
    ),
    "snapshot": Access(
        table=(*READ, "dynamodb:PutItem", "dynamodb:DeleteItem"),  # read-only links: create, revoke
        indexes=(SHARES_BY_SESSION,),
        snapshot_objects=("s3:PutObject", "s3:GetObject", "s3:GetObjectVersion"),
        snapshot_bucket=("s3:ListBucket", "s3:ListBucketVersions"),
    ),
    "chat": Access(
        table=(*READ, "dynamodb:PutItem"),  # messages
        counters=True,  # the caller's rate limit and the monthly AI budget
        llm_secret=True,
        snapshot_objects=READ_SNAPSHOT,
        snapshot_bucket=LIST_SNAPSHOTS,
    ),
    "optimize": Access(
        table=(*READ, "dynamodb:PutItem"),
        counters=True,  # the per-caller rate limit and the monthly AI budget
        idempotency=("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
        job_objects=("s3:PutObject",),
        send_jobs=True,
        snapshot_objects=READ_SNAPSHOT,
        snapshot_bucket=LIST_SNAPSHOTS,
    ),
    "ai-worker": Access(
        table=(*READ, "dynamodb:PutItem"),
        counters=True,  # the monthly AI budget
        job_objects=("s3:GetObject", "s3:PutObject"),
        llm_secret=True,
    ),
    "status-checker": Access(
        table=("dynamodb:GetItem", "dynamodb:PutItem"),  # a job past its deadline is marked FAILED
        indexes=(JOBS_BY_SESSION,),
        job_objects=("s3:GetObject",),  # presigned download URLs are signed with this role
        snapshot_objects=READ_SNAPSHOT,
        snapshot_bucket=LIST_SNAPSHOTS,
    ),
    # No table at all: it writes the rendered file and signs its download URL (which needs GetObject, as above).
    "export": Access(job_objects=("s3:PutObject", "s3:GetObject")),
}


@dataclass(frozen=True)
class Resources:
    """What the functions are wired to (names and ARNs are CloudFormation tokens)."""

    data: Data
    jobs: Jobs
    llm_secret: secretsmanager.ISecret
    auth: Auth | None  # the user pool when accounts are on (context auth=cognito)


def function_environment(fn: LambdaFunction, settings: DeploySettings, res: Resources) -> dict[str, str]:
    """THE environment of every function (read by `core.config.Settings`). No secret values, only their names."""
    env = {
        "STORAGE": "aws",
        "DDB_TABLE": res.data.sessions_table.table_name,
        "IDEMPOTENCY_TABLE": res.data.idempotency_table.table_name,
        "SNAPSHOT_BUCKET": res.data.snapshot_bucket.bucket_name,
        "JOBS_BUCKET": res.data.jobs_bucket.bucket_name,
        "JOBS_QUEUE_URL": res.jobs.queue.queue_url,
        "JOBS_DLQ_ARN": res.jobs.dead_letter_queue.queue_arn,
        "LLM_PROVIDER": settings.llm_provider,
        "OPENAI_MODEL": settings.openai_model,
        "GROQ_MODEL": settings.groq_model,
        # The ARN: unambiguous for GetSecretValue, and the name alone is not known before deploy.
        "LLM_SECRET_NAME": res.llm_secret.secret_arn,
        "APP_VERSION": settings.app_version,
        # Key of the hash logged in place of ids: the random part of the stack id, one per deployment and stable
        # across updates (the same session hashes alike in every function, every day).
        "LOG_ID_KEY": Fn.select(2, Fn.split("/", Aws.STACK_ID)),
        "POWERTOOLS_SERVICE_NAME": fn.name,
        "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
        "POWERTOOLS_LOG_LEVEL": settings.log_level,
        **(res.auth.function_environment() if res.auth else {"AUTH_MODE": "none"}),
    }
    if fn.name in AI_FUNCTIONS:
        env["AI_MONTHLY_BUDGET_CALLS"] = str(settings.ai_monthly_budget_calls)
    if settings.openai_base_url:
        env["OPENAI_BASE_URL"] = settings.openai_base_url
    if settings.allowed_origins:
        env["ALLOWED_ORIGINS"] = ",".join(settings.allowed_origins)
    return env


def construct_name(function_name: str) -> str:
    return "".join(part.capitalize() for part in function_name.split("-"))


def handler_code(fn: LambdaFunction) -> lambda_.Code:
    """Only this function's folder: `<folder>/handler.py` (+ its siblings), never another function's handler."""
    if not (LAMBDAS_DIR / fn.folder / "handler.py").is_file():
        raise FileNotFoundError(f"lambdas/{fn.folder}/handler.py is missing: the route table names '{fn.name}'")
    return lambda_.Code.from_asset(
        str(LAMBDAS_DIR),
        exclude=["*", f"!{fn.folder}", f"!{fn.folder}/**", "**/__pycache__", "**/*.pyc"],
    )


class Functions(Construct):
    def __init__(self, scope: Construct, construct_id: str, settings: DeploySettings, res: Resources) -> None:
        super().__init__(scope, construct_id)
        self.settings = settings
        built = build_layer(PROJECT_ROOT, LayerTarget(LAMBDA_PYTHON_VERSION, LAYER_PLATFORMS))
        self.layer = lambda_.LayerVersion(
            self,
            "CoreLayer",
            code=lambda_.Code.from_asset(
                str(built.path), asset_hash=built.fingerprint, asset_hash_type=AssetHashType.CUSTOM
            ),
            compatible_runtimes=[LAMBDA_RUNTIME],
            compatible_architectures=[LAMBDA_ARCHITECTURE],
            description="Resume Chat core library and its dependencies",
        )
        self.functions: dict[str, lambda_.Function] = {}
        self.log_groups: dict[str, logs.LogGroup] = {}
        for fn in FUNCTIONS.values():
            if fn.name not in ACCESS:
                raise KeyError(f"function '{fn.name}' has no entry in ACCESS (cdk_app/constructs/functions.py)")
            self._add(fn, res)

        res.jobs.attach_worker(self.functions["ai-worker"])
        self._attach_snapshot_stream(res.data.sessions_table)

    def _add(self, fn: LambdaFunction, res: Resources) -> None:
        name = construct_name(fn.name)
        log_group = logs.LogGroup(
            self, f"{name}Logs", retention=self.settings.log_retention, removal_policy=RemovalPolicy.DESTROY
        )
        role = iam.Role(
            self,
            f"{name}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Resume Chat {fn.name} function",
        )
        log_group.grant_write(role)
        function = lambda_.Function(
            self,
            name,
            description=fn.description,
            runtime=LAMBDA_RUNTIME,
            architecture=LAMBDA_ARCHITECTURE,
            handler=fn.handler,
            code=handler_code(fn),
            layers=[self.layer],
            memory_size=fn.memory_mb,
            timeout=Duration.seconds(fn.timeout_s),
            role=role,
            environment=function_environment(fn, self.settings, res),
            log_group=log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel(self.settings.log_level),
            tracing=lambda_.Tracing.ACTIVE,
            # A cap on the AI functions (none elsewhere): they can never take the concurrency autosave needs.
            reserved_concurrent_executions=self.settings.reserved_concurrency.get(fn.name),
        )
        grant_access(role, ACCESS[fn.name], res)
        self._acknowledge(fn, function, role, ACCESS[fn.name], res)
        self.functions[fn.name] = function
        self.log_groups[fn.name] = log_group

    @staticmethod
    def _acknowledge(
        fn: LambdaFunction, function: lambda_.Function, role: iam.Role, access: Access, res: Resources
    ) -> None:
        acknowledge(
            role,
            "AwsSolutions-IAM5",
            "X-Ray PutTraceSegments/PutTelemetryRecords and DynamoDB ListStreams only exist on resource '*'.",
            findings=["Resource::*"],
        )
        prefixes = []
        if access.snapshot_objects:
            prefixes.append(f"Resource::<{logical_id(res.data.snapshot_bucket)}.Arn>/sessions/*")
        if access.job_objects:
            prefixes.append(f"Resource::<{logical_id(res.data.jobs_bucket)}.Arn>/jobs/*")
        if prefixes:
            acknowledge(
                role,
                "AwsSolutions-IAM5",
                "Object keys are per session/job ids; access is limited to the one key prefix the function uses.",
                findings=prefixes,
            )
        acknowledge(
            function,
            "Serverless-LambdaDLQ",
            "Never invoked asynchronously: API Gateway calls it synchronously and event source mappings retry "
            "through the queue's redrive policy or the stream's on-failure destination.",
        )
        if "queue" in fn.triggers:
            acknowledge(
                function,
                "Serverless-LambdaEventSourceMappingDestination",
                "SQS event sources cannot have on-failure destinations; failed messages go to the queue's DLQ "
                "(maxReceiveCount) and the worker marks dead-lettered jobs FAILED.",
            )

    def _attach_snapshot_stream(self, table: dynamodb.ITable) -> None:
        """Keep the S3 snapshot fresh off the save path: resume and chat writes only, coalesced per window."""
        failures = encrypted_queue(self, "SnapshotStreamFailures", retention_period=Duration.days(14))
        acknowledge_dead_letter_queue(failures, "the snapshot stream consumer")
        self.stream_failures = failures
        prefixes = [rule for prefix in SNAPSHOT_ITEM_PREFIXES for rule in lambda_.FilterRule.begins_with(prefix)]
        self.functions["snapshot"].add_event_source(
            sources.DynamoEventSource(
                table,
                starting_position=lambda_.StartingPosition.LATEST,
                batch_size=100,
                max_batching_window=SNAPSHOT_BATCH_WINDOW,
                report_batch_item_failures=True,
                bisect_batch_on_error=True,
                retry_attempts=3,
                max_record_age=Duration.hours(6),
                on_failure=sources.SqsDlq(failures),
                filters=[
                    lambda_.FilterCriteria.filter(
                        {
                            "eventName": lambda_.FilterRule.or_("INSERT", "MODIFY"),
                            "dynamodb": {"Keys": {SESSIONS_TABLE.sort_key: {"S": prefixes}}},
                        }
                    )
                ],
            )
        )


def grant_access(role: iam.IRole, access: Access, res: Resources) -> None:
    data = res.data
    statements: list[iam.PolicyStatement] = []
    if access.table:
        statements.append(_allow(access.table, data.sessions_table.table_arn))
    if access.counters:
        statements.append(
            iam.PolicyStatement(
                actions=["dynamodb:UpdateItem"],
                resources=[data.sessions_table.table_arn],
                conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": list(COUNTER_PARTITIONS)}},
            )
        )
    for index in access.indexes:
        statements.append(_allow(("dynamodb:Query",), f"{data.sessions_table.table_arn}/index/{index.name}"))
    if access.idempotency:
        statements.append(_allow(access.idempotency, data.idempotency_table.table_arn))
    if access.snapshot_objects:
        statements.append(_allow(access.snapshot_objects, data.snapshot_bucket.arn_for_objects("sessions/*")))
    if access.snapshot_bucket:
        statements.append(
            iam.PolicyStatement(
                actions=list(access.snapshot_bucket),
                resources=[data.snapshot_bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": ["sessions/*"]}},
            )
        )
    if access.job_objects:
        statements.append(_allow(access.job_objects, data.jobs_bucket.arn_for_objects("jobs/*")))
    if access.send_jobs:
        statements.append(_allow(("sqs:SendMessage", "sqs:GetQueueAttributes"), res.jobs.queue.queue_arn))
    if access.llm_secret:
        statements.append(_allow(("secretsmanager:GetSecretValue",), res.llm_secret.secret_arn))
    for statement in statements:
        role.add_to_principal_policy(statement)


def _allow(actions: tuple[str, ...], resource: str) -> iam.PolicyStatement:
    return iam.PolicyStatement(actions=list(actions), resources=[resource])
