"""Wiring: builds adapters and services from the settings, once, on first use.

Handlers ask for a service here; nothing is created at import time. `reset()` forgets everything
(tests and the local runtime call it after changing the environment).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from .config import get_settings, reset_settings
from .ports.aibudget import AiCallCounter
from .ports.jobs import JobFiles, JobQueue, JobStore
from .ports.llm import LlmProvider
from .ports.ratelimit import RateLimiter
from .ports.sessions import SessionStore, ShareStore, SnapshotStore

if TYPE_CHECKING:  # imported inside the factories: a handler loads only what it uses
    from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

    from .adapters.embedded.changes import ChangeFeed
    from .adapters.embedded.db import EmbeddedDb
    from .adapters.embedded.queue import EmbeddedJobQueue
    from .services.access import SessionAccess
    from .services.aibudget import MonthlyAiBudget
    from .services.chat import ChatService
    from .services.export import ExportService
    from .services.optimize.lifecycle import JobLifecycle
    from .services.optimize.status import JobStatusService
    from .services.optimize.submit import OptimizeService
    from .services.optimize.worker import JobWorker
    from .services.sessions import SessionService
    from .services.snapshots import SnapshotService


@cache
def embedded_db() -> EmbeddedDb:
    from .adapters.embedded.db import EmbeddedDb

    return EmbeddedDb(get_settings().data_dir / "resume-chat.db")


@cache
def change_feed() -> ChangeFeed:
    """The embedded store's change rows (the local runtime feeds them to the snapshot function)."""
    from .adapters.embedded.changes import ChangeFeed

    return ChangeFeed(embedded_db())


@cache
def session_store() -> SessionStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.sessions import DynamoSessionStore

        return DynamoSessionStore(settings.ddb_table, settings.hot_ttl_days, settings.retry_after_s)
    from .adapters.embedded.sessions import EmbeddedSessionStore

    return EmbeddedSessionStore(embedded_db(), settings.hot_ttl_days)


@cache
def snapshot_store() -> SnapshotStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.snapshots import S3SnapshotStore

        return S3SnapshotStore(settings.snapshot_bucket, settings.retry_after_s)
    from .adapters.embedded.snapshots import FileSnapshotStore

    return FileSnapshotStore(settings.data_dir / "snapshots")


@cache
def share_store() -> ShareStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.shares import DynamoShareStore

        return DynamoShareStore(settings.ddb_table, settings.retry_after_s)
    from .adapters.embedded.shares import EmbeddedShareStore

    return EmbeddedShareStore(embedded_db())


@cache
def session_access() -> SessionAccess:
    """Who may use a session (its owner, or anyone with the id while it has none)."""
    from .services.access import SessionAccess

    return SessionAccess(session_store(), snapshot_store())


@cache
def llm_provider() -> LlmProvider:
    """The configured LLM provider, its calls counted (a metric always; against the monthly AI budget when there is
    one). The openai SDK is only imported when an OpenAI-compatible one is chosen."""
    settings = get_settings()
    provider: LlmProvider
    if settings.llm_provider == "writer":
        from .adapters.llm.writer.engine import WritingEngine

        provider = WritingEngine()
    else:
        from .adapters.llm.openai_compat import OpenAICompatibleLlm

        provider = OpenAICompatibleLlm.from_settings(settings)
    from .services.aibudget import BudgetedProvider

    return BudgetedProvider(provider, ai_budget())


@cache
def ai_budget() -> MonthlyAiBudget:
    from .services.aibudget import MonthlyAiBudget

    return MonthlyAiBudget(ai_call_counter(), get_settings().ai_monthly_budget_calls)


@cache
def ai_call_counter() -> AiCallCounter:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.aibudget import DynamoAiCallCounter

        return DynamoAiCallCounter(settings.ddb_table, settings.retry_after_s)
    from .adapters.embedded.aibudget import EmbeddedAiCallCounter

    return EmbeddedAiCallCounter(embedded_db())


@cache
def rate_limiter() -> RateLimiter:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.ratelimit import DynamoRateLimiter

        return DynamoRateLimiter(settings.ddb_table, settings.retry_after_s)
    from .adapters.embedded.ratelimit import EmbeddedRateLimiter

    return EmbeddedRateLimiter(embedded_db())


@cache
def chat_service() -> ChatService:
    from .services.chat import ChatService  # only the chat function loads the assistant and the fact guard

    settings = get_settings()
    return ChatService(
        session_store(),
        rate_limiter(),
        llm_provider(),
        access=session_access(),
        rate_limit=settings.chat_rate_limit,
        rate_window_s=settings.chat_rate_window_s,
        max_message_chars=settings.max_chat_message_chars,
        max_selection_chars=settings.max_selection_chars,
        # A resume within its byte limit has at most as many characters.
        max_resume_chars=settings.max_resume_bytes,
        history_messages=settings.chat_history_messages,
    )


@cache
def session_service() -> SessionService:
    from .services.sessions import SessionService

    return SessionService(session_store(), snapshot_store(), get_settings().max_resume_bytes)


@cache
def snapshot_service() -> SnapshotService:
    from .services.snapshots import SnapshotService

    return SnapshotService(session_store(), snapshot_store(), share_store())


def reset() -> None:
    """Forget settings, clients, adapters and services (every cached factory in this module)."""
    for factory in list(globals().values()):
        if callable(getattr(factory, "cache_clear", None)):
            factory.cache_clear()
    reset_settings()
    clients = sys.modules.get(f"{__package__}.adapters.aws.clients")
    if clients is not None:
        clients.reset_clients()


# ---------------------------------------------------------------- optimize jobs


@cache
def job_store() -> JobStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.jobs import DynamoJobStore

        return DynamoJobStore(settings.ddb_table, settings.retry_after_s)
    from .adapters.embedded.jobs import EmbeddedJobStore

    return EmbeddedJobStore(embedded_db())


@cache
def job_lifecycle() -> JobLifecycle:
    """The job records through the lifecycle's rules (what every service writes through)."""
    from .services.optimize.lifecycle import JobLifecycle

    return JobLifecycle(job_store(), get_settings().retry_after_s)


@cache
def job_queue() -> JobQueue:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.queue import SqsJobQueue

        return SqsJobQueue(settings.jobs_queue_url, settings.retry_after_s)
    return embedded_job_queue()


@cache
def embedded_job_queue() -> EmbeddedJobQueue:
    """The local runtime's durable queue (its poller also receives from it)."""
    from .adapters.embedded.queue import EmbeddedJobQueue

    settings = get_settings()
    return EmbeddedJobQueue(embedded_db(), settings.job_queue_visibility_s, settings.job_queue_max_receives)


@cache
def job_files() -> JobFiles:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.files import S3JobFiles

        return S3JobFiles(settings.jobs_bucket, settings.retry_after_s)
    from .adapters.embedded.files import FileJobFiles, UrlSigner, load_signing_secret

    secret = settings.download_signing_secret
    configured = secret.get_secret_value() if secret else None
    return FileJobFiles(settings.data_dir, UrlSigner(lambda: load_signing_secret(configured, settings.data_dir)))


@cache
def idempotency_store() -> BasePersistenceLayer:
    settings = get_settings()
    if settings.storage == "aws":
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        from .adapters.aws.clients import client

        return DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_client=client("dynamodb"))
    from .adapters.embedded.idempotency import SqlitePersistenceLayer

    return SqlitePersistenceLayer(embedded_db())


@cache
def optimize_service() -> OptimizeService:
    from .services.optimize.submit import OptimizeService

    settings = get_settings()
    return OptimizeService(
        job_lifecycle(),
        job_queue(),
        job_files(),
        idempotency_store(),
        rate_limiter(),
        ai_budget(),
        settings,
        access=session_access(),
    )


@cache
def job_status_service() -> JobStatusService:
    from .services.optimize.status import JobStatusService

    settings = get_settings()
    return JobStatusService(
        job_lifecycle(), job_files(), session_access(), settings.download_url_expiry_s, settings.public_base_url
    )


@cache
def job_worker() -> JobWorker:
    from .services.optimize.pipeline import OptimizePipeline
    from .services.optimize.worker import JobWorker

    pipeline = OptimizePipeline(job_lifecycle(), job_files(), llm_provider)
    return JobWorker(job_lifecycle(), job_queue(), pipeline, get_settings().job_retry_delay_s)


@cache
def export_service() -> ExportService:
    from .services.export import ExportService  # only the export function loads the renderer

    settings = get_settings()
    return ExportService(
        job_files(), settings.max_resume_bytes, settings.download_url_expiry_s, settings.public_base_url
    )
