"""OpenAI, Groq and any OpenAI-compatible server (OPENAI_BASE_URL) through the `openai` SDK: the LLM port.

The parts, one idea each: `keys.py` where the API key comes from, `openai_client.py` one chat completion within
`LLM_TIMEOUT_SECONDS` (below API Gateway's 29 s), `retry.py` when a failed attempt is tried again, `errors.py`
what a provider failure means for the caller. This module turns the port's tasks into prompts and reads the
JSON answers (malformed or empty output -> UpstreamError, 502).
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ...config import Settings
from ...errors import AppError, UpstreamError
from ...observability import logger, metrics
from ...ports.llm import AssistReply, AssistRequest, RewriteReply, RewriteRequest, Suggestion
from ...prompts import PromptMessage, assist_messages, rewrite_messages
from .errors import ErrorMapping
from .keys import SECRET_SETTING, KeySource, SecretKey, env_key
from .openai_client import OpenAIChatClient
from .retry import RetryPolicy

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


class _AssistJson(BaseModel):
    message: str = ""
    suggestions: list[str] = []


class _RewriteJson(BaseModel):
    bullets: list[str]


class OpenAICompatibleLlm:
    """One provider instance per process (container cache)."""

    def __init__(self, client: OpenAIChatClient, api_key: KeySource) -> None:
        self.name = client.name
        self.model = client.model
        self.key_optional = client.key_optional  # the status route reads it: no key needed is "ready"
        self._client = client
        self._api_key = api_key

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAICompatibleLlm:
        groq = settings.llm_provider == "groq"
        key_setting = "GROQ_API_KEY" if groq else "OPENAI_API_KEY"
        env_value = settings.groq_api_key if groq else settings.openai_api_key
        if settings.storage == "aws" and settings.llm_secret_name:
            api_key: KeySource = SecretKey(
                settings.llm_secret_name, key_setting, settings.llm_secret_max_age_s, settings.retry_after_s
            )
            key_setting = SECRET_SETTING  # the secret it names holds the key
        else:
            api_key = env_key(env_value.get_secret_value() if env_value else None)
        model = settings.groq_model if groq else settings.openai_model
        client = OpenAIChatClient(
            name=settings.llm_provider,
            model=model,
            base_url=settings.groq_base_url if groq else settings.openai_base_url,
            api_key=api_key,
            # A self-hosted OpenAI-compatible server usually needs no key.
            key_optional=not groq and bool(settings.openai_base_url),
            retry=RetryPolicy(max_retries=settings.llm_max_retries, budget_s=settings.llm_timeout_s),
            errors=ErrorMapping(
                provider=settings.llm_provider,
                model=model,
                key_setting=key_setting,
                model_setting="GROQ_MODEL" if groq else "OPENAI_MODEL",
                retry_after_s=settings.retry_after_s,
            ),
            max_output_tokens=settings.llm_max_output_tokens,
            json_mode=settings.llm_json_mode,
        )
        return cls(client, api_key)

    # ------------------------------------------------------------------------------------------ port

    def assist(self, request: AssistRequest) -> AssistReply:
        data = self._complete_json(assist_messages(request), task=f"assist:{request.action}")
        parsed = _validate(_AssistJson, data)
        suggestions = [s.strip() for s in parsed.suggestions if isinstance(s, str) and s.strip()][:3]
        message = parsed.message.strip()
        if request.action != "chat" and not suggestions:
            raise UpstreamError("The AI provider returned no suggestions for this bullet; please try again.")
        if not message and not suggestions:
            raise UpstreamError("The AI provider returned an empty answer; please try again.")
        # A model answers for the selection only: each suggestion replaces it.
        return AssistReply(
            text=message or "Here are some options.", suggestions=[Suggestion(text=s) for s in suggestions]
        )

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
        if not request.bullets:
            return RewriteReply(bullets=[])
        data = self._complete_json(rewrite_messages(request), task="rewrite")
        bullets = [b.strip() for b in _validate(_RewriteJson, data).bullets]
        if len(bullets) != len(request.bullets) or not all(bullets):
            raise UpstreamError(
                f"The AI provider returned {len(bullets)} bullets for {len(request.bullets)}; please try again."
            )
        return RewriteReply(bullets=bullets)

    def key_configured(self) -> bool:
        try:
            return bool(self._api_key())
        except AppError:
            return False

    # ------------------------------------------------------------------------------------------ answers

    def _complete_json(self, messages: list[PromptMessage], *, task: str) -> Any:
        content = self._client.complete(messages, task=task)
        try:
            return json.loads(_FENCE.sub("", content.strip()))
        except json.JSONDecodeError:
            metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
            logger.warning("llm output is not JSON", extra=self._client.log_fields(task, chars=len(content)))
            raise UpstreamError("The AI provider returned an answer we could not read; please try again.") from None


def _validate(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError:
        metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
        raise UpstreamError("The AI provider returned an answer in an unexpected shape; please try again.") from None
