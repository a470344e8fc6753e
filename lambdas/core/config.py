"""Environment settings: read from the environment (no other I/O), parsed and validated once, then cached.

The first use is when a handler module builds its resolver (CORS origins are fixed then), so an invalid
environment stops the cold start with every problem listed rather than failing requests one by one."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

TRUTHY = {"1", "true", "yes", "on"}
# The embedded job queue's dead-letter records carry this source ARN, as the real DLQ's records carry its ARN.
# The embedded job queues as SQS record sources (the worker tells dead letters apart by ARN).
LOCAL_JOBS_QUEUE_ARN = "arn:aws:sqs:local:000000000000:resume-jobs"
LOCAL_JOBS_DLQ_ARN = "arn:aws:sqs:local:000000000000:resume-jobs-dlq"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    # Where state lives: "embedded" (SQLite + files under DATA_DIR) or "aws" (DynamoDB, S3, SQS).
    storage: Literal["embedded", "aws"] = Field("aws", alias="STORAGE")
    local_dev: bool = Field(False, alias="LOCAL_DEV")
    data_dir: Path = Field(Path(".data"), alias="DATA_DIR")
    aws_endpoint_url: str | None = Field(None, alias="AWS_ENDPOINT_URL")

    ddb_table: str = Field("Sessions", alias="DDB_TABLE")
    idempotency_table: str = Field("Idempotency", alias="IDEMPOTENCY_TABLE")
    snapshot_bucket: str = Field("resume-snapshots", alias="SNAPSHOT_BUCKET")
    jobs_bucket: str = Field("resume-jobs", alias="JOBS_BUCKET")
    jobs_queue_url: str | None = Field(None, alias="JOBS_QUEUE_URL")
    # Records from this queue reach the ai-worker only after the job failed every delivery: they mark it FAILED.
    jobs_dlq_arn: str | None = Field(None, alias="JOBS_DLQ_ARN")

    # "writer" is the offline writing engine; "mock" is its old name, still accepted.
    llm_provider: Literal["writer", "openai", "groq"] = Field("writer", alias="LLM_PROVIDER")
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    groq_model: str = Field("llama-3.1-8b-instant", alias="GROQ_MODEL")
    groq_base_url: str = Field("https://api.groq.com/openai/v1", alias="GROQ_BASE_URL")
    # In AWS the key is read from this Secrets Manager secret (through Powertools parameters), never plain env.
    llm_secret_name: str | None = Field(None, alias="LLM_SECRET_NAME")
    llm_secret_max_age_s: int = Field(300, alias="LLM_SECRET_MAX_AGE_SECONDS", ge=0)
    # Local development only: keys from the environment (ignored when LLM_SECRET_NAME is used in AWS).
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    groq_api_key: SecretStr | None = Field(None, alias="GROQ_API_KEY")
    # Whole budget of one LLM call, retries and back-off included: below API Gateway's 29 s and the chat
    # function's timeout, so the caller always gets a JSON answer.
    llm_timeout_s: float = Field(20.0, alias="LLM_TIMEOUT_SECONDS", gt=0, le=25)
    llm_max_retries: int = Field(2, alias="LLM_MAX_RETRIES", ge=0, le=5)
    llm_max_output_tokens: int = Field(800, alias="LLM_MAX_OUTPUT_TOKENS", ge=64, le=8192)
    # JSON mode (response_format=json_object); turn off for OpenAI-compatible servers that do not support it.
    llm_json_mode: bool = Field(True, alias="LLM_JSON_MODE")

    # Chat limits: requests per caller per window (429 + Retry-After past it), input sizes (413 past them),
    # and how many earlier messages the provider sees.
    chat_rate_limit: int = Field(10, alias="CHAT_RATE_LIMIT", ge=1)
    chat_rate_window_s: int = Field(60, alias="CHAT_RATE_WINDOW_SECONDS", ge=1, le=3600)
    max_chat_message_chars: int = Field(2000, alias="MAX_CHAT_MESSAGE_CHARS", gt=0)
    max_selection_chars: int = Field(2000, alias="MAX_SELECTION_CHARS", gt=0)
    chat_history_messages: int = Field(10, alias="CHAT_HISTORY_MESSAGES", ge=0, le=50)

    # Accounts. "none": no sign-in (local runtime, public demo; seed clients work unchanged). "cognito": API Gateway's
    # Cognito authorizer has verified the caller's ID token before any function runs; sessions and jobs belong to
    # the person (`core.auth`). The web app reads the sign-in settings below from GET /api/health.
    auth_mode: Literal["none", "cognito"] = Field("none", alias="AUTH_MODE")
    cognito_user_pool_id: str | None = Field(None, alias="COGNITO_USER_POOL_ID")
    cognito_client_id: str | None = Field(None, alias="COGNITO_CLIENT_ID")
    # The managed login's origin, e.g. https://<prefix>.auth.<region>.amazoncognito.com
    cognito_domain: str | None = Field(None, alias="COGNITO_DOMAIN")
    # Local runtime only (it plays API Gateway's authorizer): the pool's signing keys, when not at the issuer's
    # well-known address (moto server in tests).
    cognito_jwks_url: str | None = Field(None, alias="COGNITO_JWKS_URL")

    # Cost guard. Chat and optimize requests per caller (a signed-in person, else the source address as API
    # Gateway sees it) per window: 429 + Retry-After past it. A monthly AI budget in calls (0: unlimited): once
    # spent, AI requests answer 429 until the month ends (UTC).
    optimize_rate_limit: int = Field(5, alias="OPTIMIZE_RATE_LIMIT", ge=1)
    optimize_rate_window_s: int = Field(600, alias="OPTIMIZE_RATE_WINDOW_SECONDS", ge=1, le=86400)
    ai_monthly_budget_calls: int = Field(0, alias="AI_MONTHLY_BUDGET_CALLS", ge=0)

    # Key of the hash that stands for session, job and export ids in logs (`core.ids.log_id`). CDK sets it to the
    # stack's random id, stable across updates; unset (local runtime), it is derived from DATA_DIR.
    log_id_key: SecretStr | None = Field(None, alias="LOG_ID_KEY")

    allowed_origins: tuple[str, ...] = Field((), alias="ALLOWED_ORIGINS")
    app_version: str = Field("dev", alias="APP_VERSION")

    max_resume_bytes: int = Field(256 * 1024, alias="MAX_RESUME_BYTES", gt=0)
    hot_ttl_days: int = Field(30, alias="HOT_TTL_DAYS", gt=0)
    # Total attempts (first try included, as botocore reads AWS_MAX_ATTEMPTS) before a throttle becomes a 503.
    aws_max_attempts: int = Field(3, alias="AWS_MAX_ATTEMPTS", ge=1, le=10)
    retry_after_s: int = Field(1, alias="RETRY_AFTER_SECONDS", ge=1)

    # Optimize jobs.
    max_upload_bytes: int = Field(5 * 1024 * 1024, alias="MAX_UPLOAD_BYTES", gt=0)  # decoded file size
    max_job_description_chars: int = Field(20_000, alias="MAX_JOB_DESCRIPTION_CHARS", gt=0)
    # A job not finished this long after submission reads as FAILED (covers a worker that died mid-job).
    job_deadline_s: int = Field(1200, alias="JOB_DEADLINE_SECONDS", ge=60)
    job_ttl_days: int = Field(7, alias="JOB_TTL_DAYS", gt=0)  # job record; keep the bucket's expiry in step
    # Identical submissions (same session, file and job description) within this window return the same job.
    optimize_dedup_s: int = Field(600, alias="OPTIMIZE_DEDUP_SECONDS", ge=1)
    # After a temporary failure (LLM busy, storage throttled) the worker retries after this many seconds times
    # the delivery count, instead of waiting out the whole visibility timeout.
    job_retry_delay_s: int = Field(10, alias="JOB_RETRY_DELAY_SECONDS", ge=0, le=900)
    download_url_expiry_s: int = Field(3600, alias="DOWNLOAD_URL_EXPIRY_SECONDS", ge=60, le=7 * 86400)
    # Local runtime only: the origin download URLs point at ("http://127.0.0.1:8000"; `python -m local` sets it
    # from HOST and PORT). Empty: URLs relative to the origin the app is served from. Never the request's Host.
    public_base_url: str = Field("", alias="PUBLIC_BASE_URL")
    # Local runtime only: key for the HMAC-signed download URLs; generated into DATA_DIR when not given.
    download_signing_secret: SecretStr | None = Field(None, alias="DOWNLOAD_SIGNING_SECRET")
    # Local runtime only: the embedded queue's visibility timeout and deliveries before dead-lettering (fewer than
    # SQS's JOB_MAX_RECEIVES, so a job that keeps failing is reported sooner on a laptop).
    job_queue_visibility_s: int = Field(60, alias="JOB_QUEUE_VISIBILITY_SECONDS", ge=1)
    job_queue_max_receives: int = Field(3, alias="JOB_QUEUE_MAX_RECEIVES", ge=1, le=100)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value

    @field_validator("public_base_url")
    @classmethod
    def _origin(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+", value):
            raise ValueError("must be an http:// or https:// origin (scheme, host and port only)")
        return value

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _provider_alias(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() == "mock":
            return "writer"  # the offline engine's old name
        return value

    @field_validator("local_dev", "llm_json_mode", mode="before")
    @classmethod
    def _truthy(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lower() in TRUTHY
        return value

    @model_validator(mode="before")
    @classmethod
    def _storage_default(cls, values: dict) -> dict:
        # The seed's LOCAL_DEV=1 means "no AWS": keep honouring it when STORAGE is not given.
        if isinstance(values, dict) and not values.get("STORAGE"):
            local = str(values.get("LOCAL_DEV", "")).strip().lower() in TRUTHY
            values = {**values, "STORAGE": "embedded" if local else "aws"}
        if isinstance(values, dict) and values.get("STORAGE") == "embedded" and not values.get("JOBS_DLQ_ARN"):
            values = {**values, "JOBS_DLQ_ARN": LOCAL_JOBS_DLQ_ARN}
        return values

    @model_validator(mode="after")
    def _cognito_complete(self) -> Settings:
        if self.auth_mode == "cognito" and not (self.cognito_user_pool_id and self.cognito_client_id):
            raise ValueError("AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID")
        return self

    @property
    def is_local(self) -> bool:
        return self.storage == "embedded" or self.local_dev


class ConfigError(RuntimeError):
    """The environment is invalid; raised once with every problem listed."""


def _read_env() -> Settings:
    fields = {f.alias for f in Settings.model_fields.values() if f.alias}
    raw = {k: v for k, v in os.environ.items() if k in fields and v != ""}
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid environment: {problems}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return _read_env()


def reset_settings() -> None:
    """Forget the cached settings (tests and the local runtime change the environment)."""
    get_settings.cache_clear()
