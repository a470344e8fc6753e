"""Wiring: builds adapters and services from the settings, once, on first use.

Handlers ask for a service here; nothing is created at import time. `reset()` forgets everything
(tests and the local runtime call it after changing the environment).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from .config import get_settings, reset_settings
from .ports.llm import LlmProvider
from .ports.ratelimit import RateLimiter
from .ports.sessions import SessionStore, SnapshotStore
from .services.sessions import SessionService
from .services.snapshots import SnapshotService

if TYPE_CHECKING:
    from .adapters.embedded.db import EmbeddedDb
    from .services.chat import ChatService


@cache
def embedded_db() -> EmbeddedDb:
    from .adapters.embedded.db import EmbeddedDb

    return EmbeddedDb(get_settings().data_dir / "resume-chat.db")


@cache
def session_store() -> SessionStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.sessions import DynamoSessionStore

        return DynamoSessionStore(settings.ddb_table, settings.hot_ttl_days)
    from .adapters.embedded.sessions import EmbeddedSessionStore

    return EmbeddedSessionStore(embedded_db(), settings.hot_ttl_days)


@cache
def snapshot_store() -> SnapshotStore:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.snapshots import S3SnapshotStore

        return S3SnapshotStore(settings.snapshot_bucket)
    from .adapters.embedded.snapshots import FileSnapshotStore

    return FileSnapshotStore(settings.data_dir / "snapshots")


@cache
def llm_provider() -> LlmProvider:
    """The configured LLM provider. The openai SDK is only imported when an OpenAI-compatible one is chosen."""
    settings = get_settings()
    if settings.llm_provider == "mock":
        from .adapters.llm.mock import MockLlm

        return MockLlm()
    from .adapters.llm.openai_compat import OpenAICompatibleLlm

    return OpenAICompatibleLlm.from_settings(settings)


@cache
def rate_limiter() -> RateLimiter:
    settings = get_settings()
    if settings.storage == "aws":
        from .adapters.aws.ratelimit import DynamoRateLimiter

        return DynamoRateLimiter(settings.ddb_table)
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
        rate_limit=settings.chat_rate_limit,
        rate_window_s=settings.chat_rate_window_s,
        max_message_chars=settings.max_chat_message_chars,
        max_selection_chars=settings.max_selection_chars,
        history_messages=settings.chat_history_messages,
    )


@cache
def session_service() -> SessionService:
    return SessionService(session_store(), snapshot_store(), get_settings().max_resume_bytes)


@cache
def snapshot_service() -> SnapshotService:
    return SnapshotService(session_store(), snapshot_store())


def reset() -> None:
    """Forget settings, clients, adapters and services (every cached factory in this module)."""
    for factory in list(globals().values()):
        if callable(getattr(factory, "cache_clear", None)):
            factory.cache_clear()
    reset_settings()
    clients = sys.modules.get(f"{__package__}.adapters.aws.clients")
    if clients is not None:
        clients.reset_clients()
