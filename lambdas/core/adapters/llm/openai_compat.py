"""OpenAI, Groq and any OpenAI-compatible server (OPENAI_BASE_URL) through the `openai` SDK.

The SDK is imported lazily, inside the calls, so nothing that does not talk to an LLM ever loads it.

Time budget: one call (retries and back-off included) finishes within `LLM_TIMEOUT_SECONDS`, below API Gateway's
29 s. The SDK's own retry loop is switched off (`max_retries=0`) because it sleeps for whatever `Retry-After`
says (up to minutes), which no budget survives; retries are bounded here instead: at most `LLM_MAX_RETRIES`,
each only if it still fits in the remaining budget, each attempt's `timeout` the time that is left.

Failures map to domain errors: 429 or overloaded (503/529) -> ServiceUnavailable (503 + Retry-After); other 5xx,
malformed or empty output -> UpstreamError (502); budget spent -> UpstreamTimeout (504); missing or rejected
key, unknown model -> ServiceUnavailable naming the setting to fix.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ...config import Settings, get_settings
from ...errors import AppError, ServiceUnavailable, UpstreamError, UpstreamTimeout
from ...observability import logger, metrics
from ...ports.llm import AssistReply, AssistRequest, RewriteReply, RewriteRequest, Suggestion
from ...prompts import PROMPT_VERSION, PromptMessage, assist_messages, rewrite_messages

# Do not start an attempt with less time than this left: it could only end in a timeout.
MIN_ATTEMPT_S = 0.25
BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 4.0
OVERLOADED_STATUSES = frozenset({503, 529})
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


class _AssistJson(BaseModel):
    message: str = ""
    suggestions: list[str] = []


class _RewriteJson(BaseModel):
    bullets: list[str]


class OpenAICompatibleLlm:
    """One provider instance per process (container cache); the SDK client is built on first use."""

    def __init__(
        self,
        *,
        name: str,
        model: str,
        base_url: str | None,
        key_setting: str,
        api_key: Callable[[], str | None],
        key_optional: bool,
        timeout_s: float,
        max_retries: int,
        max_output_tokens: int,
        json_mode: bool,
    ) -> None:
        self.name = name
        self.model = model
        self._base_url = base_url
        self._key_setting = key_setting
        self._api_key = api_key
        self.key_optional = key_optional
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._max_output_tokens = max_output_tokens
        self._json_mode = json_mode
        self._client: Any = None
        self._client_key: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAICompatibleLlm:
        groq = settings.llm_provider == "groq"
        key_setting = "GROQ_API_KEY" if groq else "OPENAI_API_KEY"
        env_key = settings.groq_api_key if groq else settings.openai_api_key
        if settings.storage == "aws" and settings.llm_secret_name:
            api_key: Callable[[], str | None] = SecretKey(
                settings.llm_secret_name, key_setting, settings.llm_secret_max_age_s
            )
            key_setting = "LLM_SECRET_NAME"  # the secret it names holds the key
        else:
            api_key = _env_key(env_key.get_secret_value() if env_key else None)
        base_url = settings.groq_base_url if groq else settings.openai_base_url
        return cls(
            name=settings.llm_provider,
            model=settings.groq_model if groq else settings.openai_model,
            base_url=base_url,
            key_setting=key_setting,
            api_key=api_key,
            # A self-hosted OpenAI-compatible server usually needs no key.
            key_optional=not groq and bool(settings.openai_base_url),
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            max_output_tokens=settings.llm_max_output_tokens,
            json_mode=settings.llm_json_mode,
        )

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

    # ------------------------------------------------------------------------------------------ calls

    def _sdk_client(self) -> Any:
        key = self._api_key()
        if not key:
            if not self.key_optional:
                raise ServiceUnavailable(
                    f"The AI provider '{self.name}' is not configured: {self._key_hint()}.", setting=self._key_setting
                )
            key = "unused"  # the SDK insists on a key; a self-hosted server ignores it
        if self._client is None or key != self._client_key:
            from openai import OpenAI

            self._client = OpenAI(api_key=key, base_url=self._base_url, max_retries=0, timeout=self._timeout_s)
            self._client_key = key
        return self._client

    def _complete_json(self, messages: list[PromptMessage], *, task: str) -> Any:
        content = self._complete(messages, task=task)
        try:
            return json.loads(_FENCE.sub("", content.strip()))
        except json.JSONDecodeError:
            metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
            logger.warning("llm output is not JSON", extra=self._log_fields(task, chars=len(content)))
            raise UpstreamError("The AI provider returned an answer we could not read; please try again.") from None

    def _complete(self, messages: list[PromptMessage], *, task: str) -> str:
        import openai

        client = self._sdk_client()
        started = time.monotonic()
        deadline = started + self._timeout_s
        options: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": 0.3,
            "max_tokens": self._max_output_tokens,
        }
        if self._json_mode:
            options["response_format"] = {"type": "json_object"}
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining < MIN_ATTEMPT_S:
                raise self._timeout(task, started)
            try:
                completion = client.chat.completions.create(**options, timeout=remaining)
                break
            except openai.APITimeoutError:
                raise self._timeout(task, started) from None
            except (openai.APIStatusError, openai.APIConnectionError) as exc:
                wait = _retry_wait(exc, attempt)
                status = _status(exc)
                retry = (
                    (isinstance(exc, openai.APIConnectionError) or status in {408, 409, 429} or status >= 500)
                    and attempt < self._max_retries
                    and time.monotonic() + wait + MIN_ATTEMPT_S < deadline
                )
                logger.warning(
                    "llm call failed", extra=self._log_fields(task, status=status, attempt=attempt, retry=retry)
                )
                if not retry:
                    metrics.add_metric(name="LlmError", unit="Count", value=1)
                    raise self._map_failure(exc) from None
                attempt += 1
                time.sleep(wait)
            except (openai.APIError, ValueError):
                # A 200 whose body is not a chat completion (not JSON, wrong shape).
                metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
                logger.warning("llm response unreadable", extra=self._log_fields(task, attempt=attempt))
                raise UpstreamError(
                    "The AI provider returned a response we could not read; please try again."
                ) from None

        elapsed_ms = round((time.monotonic() - started) * 1000)
        usage = getattr(completion, "usage", None)
        choice = completion.choices[0] if completion.choices else None
        logger.info(
            "llm call",
            extra=self._log_fields(
                task,
                attempt=attempt,
                ms=elapsed_ms,
                finish=getattr(choice, "finish_reason", None),
                tokens_in=getattr(usage, "prompt_tokens", None),
                tokens_out=getattr(usage, "completion_tokens", None),
            ),
        )
        metrics.add_metric(name="LlmLatency", unit="Milliseconds", value=elapsed_ms)
        content = choice.message.content if choice is not None else None
        if not content or not content.strip():
            metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
            raise UpstreamError("The AI provider returned an empty answer; please try again.")
        if choice is not None and choice.finish_reason == "length":
            raise UpstreamError("The AI provider's answer was cut off; please try a shorter request.")
        return str(content)

    def _map_failure(self, exc: Exception) -> AppError:
        import openai

        status = _status(exc)
        if isinstance(exc, openai.APIConnectionError):
            return ServiceUnavailable(
                f"The AI provider '{self.name}' cannot be reached right now; please retry.",
                retry_after=get_settings().retry_after_s,
            )
        if status == 429 or status in OVERLOADED_STATUSES:
            return ServiceUnavailable(
                f"The AI provider '{self.name}' is busy (rate limit or overload); please retry shortly.",
                retry_after=max(1, math.ceil(_retry_wait(exc, 0))),
            )
        if status in {401, 403}:
            return ServiceUnavailable(
                f"The AI provider '{self.name}' rejected the API key: {self._key_hint()}.", setting=self._key_setting
            )
        if status == 404:
            setting = "GROQ_MODEL" if self.name == "groq" else "OPENAI_MODEL"
            return ServiceUnavailable(
                f"The AI provider '{self.name}' does not know the model '{self.model}': check {setting}.",
                setting=setting,
            )
        return UpstreamError(f"The AI provider '{self.name}' failed to answer (HTTP {status}); please try again.")

    def _key_hint(self) -> str:
        if self._key_setting == "LLM_SECRET_NAME":
            return "put a valid API key in the Secrets Manager secret named by LLM_SECRET_NAME"
        return f"set {self._key_setting} to a valid API key"

    def _timeout(self, task: str, started: float) -> UpstreamTimeout:
        metrics.add_metric(name="LlmTimeout", unit="Count", value=1)
        logger.warning("llm budget spent", extra=self._log_fields(task, ms=round((time.monotonic() - started) * 1000)))
        return UpstreamTimeout(
            f"The AI provider '{self.name}' did not answer within {self._timeout_s:g} seconds; please try again."
        )

    def _log_fields(self, task: str, **extra: Any) -> dict[str, Any]:
        # Never the prompt, the answer or the key: only what identifies the call.
        return {"provider": self.name, "model": self.model, "prompt_version": PROMPT_VERSION, "task": task, **extra}


def _status(exc: Exception) -> int:
    return int(getattr(exc, "status_code", 0) or 0)


def _retry_wait(exc: Exception, attempt: int) -> float:
    """Seconds to wait before the next attempt: the server's Retry-After when given, else exponential back-off."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is not None:
            try:
                seconds = float(value) * scale
            except ValueError:
                continue
            if math.isfinite(seconds) and seconds >= 0:
                return seconds
    return float(min(BACKOFF_BASE_S * 2**attempt, BACKOFF_MAX_S))


def _validate(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError:
        metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
        raise UpstreamError("The AI provider returned an answer in an unexpected shape; please try again.") from None


def _env_key(value: str | None) -> Callable[[], str | None]:
    return lambda: value


class SecretKey:
    """The API key from Secrets Manager through Powertools parameters, cached for `max_age` seconds.

    The secret is either the bare key or JSON holding it under the provider's variable name or "apiKey"."""

    def __init__(self, secret_name: str, key_name: str, max_age_s: int) -> None:
        self._secret_name = secret_name
        self._key_name = key_name
        self._max_age_s = max_age_s
        self._provider: Any = None

    def __call__(self) -> str | None:
        from aws_lambda_powertools.utilities.parameters import SecretsProvider
        from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

        from ..aws.clients import client

        if self._provider is None:
            self._provider = SecretsProvider(boto3_client=client("secretsmanager"))
        try:
            raw = self._provider.get(self._secret_name, max_age=self._max_age_s)
        except GetParameterError:
            logger.warning("llm secret unreadable", extra={"secret": self._secret_name})
            raise ServiceUnavailable(
                "The AI provider key cannot be read from Secrets Manager right now; please retry.",
                retry_after=get_settings().retry_after_s,
            ) from None
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw or "")
        if text.lstrip().startswith("{"):
            try:
                document = json.loads(text)
            except json.JSONDecodeError:
                return None
            value = document.get(self._key_name) or document.get("apiKey") if isinstance(document, dict) else None
            return str(value) if value else None
        return text.strip() or None
