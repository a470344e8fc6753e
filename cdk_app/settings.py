"""Deployment settings, read once from CDK context (`cdk.json`, or `-c key=value` / `make deploy CONTEXT=...`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Node

from cdk_app.constructs.jobs import WORKER_CONCURRENCY

# The newest Python runtime aws-cdk-lib offers; the layer is built for exactly this version and CPU.
LAMBDA_RUNTIME = lambda_.Runtime.PYTHON_3_14
LAMBDA_ARCHITECTURE = lambda_.Architecture.ARM_64
# The python3.14 runtime is Amazon Linux 2023 (glibc 2.34): wheels for glibc 2.17 and 2.28 both run there.
# numpy (under lemminflect) ships only manylinux_2_28 wheels for Python 3.14 on arm64.
LAYER_PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64")
LAMBDA_PYTHON_VERSION = LAMBDA_RUNTIME.name.removeprefix("python")

LLM_PROVIDERS = ("writer", "openai", "groq")
LLM_PROVIDER_ALIASES = {"mock": "writer"}  # the offline writing engine's old name
LOG_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")  # understood by both Lambda's log controls and Powertools
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?$")
AUTH_MODES = ("cognito", "none")  # read by the functions as AUTH_MODE (core.config)
# The functions that call the AI, and their reserved concurrency: each is capped at its reservation, so a burst of
# chat or optimize traffic can never take the concurrency that autosave (resume) and session reads need. The
# worker's reservation covers the jobs queue's maximum concurrency (WORKER_CONCURRENCY) plus the dead-letter drain.
AI_FUNCTIONS = ("chat", "optimize", "ai-worker")
RESERVED_CONCURRENCY = {"chat": 20, "optimize": 5, "ai-worker": 6}
OFF = {"0", "off", "none", "false", "no"}


R = logs.RetentionDays
RETENTION_DAYS = {
    1: R.ONE_DAY, 3: R.THREE_DAYS, 5: R.FIVE_DAYS, 7: R.ONE_WEEK, 14: R.TWO_WEEKS, 30: R.ONE_MONTH,
    60: R.TWO_MONTHS, 90: R.THREE_MONTHS, 180: R.SIX_MONTHS, 365: R.ONE_YEAR,
}  # fmt: skip


class SettingsError(ValueError):
    """A context value is invalid; synth stops with this message."""


@dataclass(frozen=True)
class DeploySettings:
    stage: str = "dev"
    alarm_email: str | None = None
    llm_provider: str = "writer"
    openai_model: str = "gpt-4o-mini"
    groq_model: str = "llama-3.1-8b-instant"
    openai_base_url: str | None = None
    app_version: str = "dev"
    log_level: str = "INFO"
    log_retention_days: int = 30
    throttle_rate: int = 50  # steady requests per second for the whole API stage
    throttle_burst: int = 100
    api_p99_latency_ms: int = 10_000  # alarm threshold; chat calls an LLM, so p99 is seconds
    waf: bool = False
    # CloudFront standard logs record every request's path and query string, where session and job ids travel
    # (capabilities): off unless this context flag turns them on.
    cloudfront_logs: bool = False
    domain_name: str | None = None  # custom domain for CloudFront, with a us-east-1 ACM certificate
    certificate_arn: str | None = None
    # Other web origins allowed to call the API and fetch download links (a seed client hosted elsewhere).
    allowed_origins: tuple[str, ...] = ()
    # Accounts: "cognito" (a user pool; API Gateway verifies every non-public route) or "none" (no sign-in).
    auth: str = "cognito"
    self_sign_up: bool = False  # with auth=cognito: anyone may create an account (else invited people only)
    # Reserved concurrent executions per AI function (empty: none reserved, for accounts with a small quota).
    reserved_concurrency: dict[str, int] = field(default_factory=lambda: dict(RESERVED_CONCURRENCY))
    ai_monthly_budget_calls: int = 0  # AI calls per calendar month (UTC) for the whole deployment; 0 = unlimited

    @property
    def prefix(self) -> str:
        return f"resume-chat-{self.stage}"

    @property
    def log_retention(self) -> logs.RetentionDays:
        return RETENTION_DAYS[self.log_retention_days]


def _text(node: Node, key: str, default: str | None) -> str | None:
    value = node.try_get_context(key)
    if value is None or str(value).strip() == "":
        return default
    return str(value).strip()


def _number(node: Node, key: str, default: int, low: int, high: int) -> int:
    raw = _text(node, key, str(default))
    try:
        value = int(str(raw))
    except ValueError:
        raise SettingsError(f"context {key}={raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"context {key}={value} must be between {low} and {high}")
    return value


def _flag(node: Node, key: str) -> bool:
    value = node.try_get_context(key)
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def _reserved_concurrency(node: Node) -> dict[str, int]:
    """`chat=20,optimize=5,ai-worker=6` (or a JSON object in cdk.json); named functions override the defaults,
    `off` reserves nothing."""
    raw = node.try_get_context("reservedConcurrency")
    if raw is None or str(raw).strip() == "":
        return dict(RESERVED_CONCURRENCY)
    if isinstance(raw, dict):
        items = [f"{name}={count}" for name, count in raw.items()]
    elif str(raw).strip().lower() in OFF:
        return {}
    else:
        items = [item for item in str(raw).split(",") if item.strip()]
    reserved = dict(RESERVED_CONCURRENCY)
    for item in items:
        name, _, count = (part.strip() for part in item.partition("="))
        if name not in AI_FUNCTIONS:
            raise SettingsError(
                f"context reservedConcurrency: {item.strip()!r}: use name=count for {', '.join(AI_FUNCTIONS)}, or off"
            )
        if not count.isdigit() or not 1 <= int(count) <= 1000:
            raise SettingsError(f"context reservedConcurrency: {name}={count!r} must be a whole number from 1 to 1000")
        reserved[name] = int(count)
    if reserved["ai-worker"] <= WORKER_CONCURRENCY:
        raise SettingsError(
            f"context reservedConcurrency: ai-worker={reserved['ai-worker']} must exceed the jobs queue's maximum "
            f"concurrency ({WORKER_CONCURRENCY}), or the worker is throttled while jobs wait"
        )
    return reserved


def read_settings(node: Node) -> DeploySettings:
    stage = _text(node, "stage", "dev") or "dev"
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,19}", stage):
        raise SettingsError(f"context stage={stage!r}: use 1-20 lowercase letters, digits or '-', starting a letter")
    email = _text(node, "alarmEmail", None)
    if email and not EMAIL.match(email):
        raise SettingsError(f"context alarmEmail={email!r} is not an e-mail address")
    provider = _text(node, "llmProvider", "writer") or "writer"
    provider = LLM_PROVIDER_ALIASES.get(provider, provider)
    if provider not in LLM_PROVIDERS:
        raise SettingsError(f"context llmProvider={provider!r} must be one of {', '.join(LLM_PROVIDERS)}")
    retention = _number(node, "logRetentionDays", 30, 1, 3653)
    if retention not in RETENTION_DAYS:
        raise SettingsError(f"context logRetentionDays={retention}: use one of {sorted(RETENTION_DAYS)}")
    log_level = (_text(node, "logLevel", "INFO") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"context logLevel={log_level!r} must be one of {', '.join(LOG_LEVELS)}")
    domain, certificate = _text(node, "domainName", None), _text(node, "certificateArn", None)
    if bool(domain) != bool(certificate):
        raise SettingsError("context domainName and certificateArn go together (certificate in us-east-1)")
    origins = tuple(o.strip().rstrip("/") for o in (_text(node, "allowedOrigins", "") or "").split(",") if o.strip())
    if bad := [o for o in origins if not ORIGIN.match(o)]:
        raise SettingsError(f"context allowedOrigins: {bad[0]!r} is not an origin like https://app.example.com")
    auth = (_text(node, "auth", "cognito") or "cognito").lower()
    if auth not in AUTH_MODES:
        raise SettingsError(f"context auth={auth!r} must be one of {', '.join(AUTH_MODES)}")
    return DeploySettings(
        stage=stage,
        alarm_email=email,
        llm_provider=provider,
        openai_model=_text(node, "openaiModel", DeploySettings.openai_model) or DeploySettings.openai_model,
        groq_model=_text(node, "groqModel", DeploySettings.groq_model) or DeploySettings.groq_model,
        openai_base_url=_text(node, "openaiBaseUrl", None),
        app_version=_text(node, "appVersion", "dev") or "dev",
        log_level=log_level,
        log_retention_days=retention,
        throttle_rate=_number(node, "throttleRate", DeploySettings.throttle_rate, 1, 10_000),
        throttle_burst=_number(node, "throttleBurst", DeploySettings.throttle_burst, 1, 5_000),
        api_p99_latency_ms=_number(node, "apiP99LatencyMs", DeploySettings.api_p99_latency_ms, 100, 29_000),
        waf=_flag(node, "waf"),
        cloudfront_logs=_flag(node, "cloudfrontLogs"),
        domain_name=domain,
        certificate_arn=certificate,
        allowed_origins=origins,
        auth=auth,
        self_sign_up=_flag(node, "selfSignUp"),
        reserved_concurrency=_reserved_concurrency(node),
        ai_monthly_budget_calls=_number(node, "aiMonthlyBudgetCalls", 0, 0, 100_000_000),
    )
