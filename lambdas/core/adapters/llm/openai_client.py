"""One chat completion through the `openai` SDK, within a time budget: the SDK client, the attempts, the logs.

The SDK is imported lazily, inside the calls, so nothing that does not talk to an LLM ever loads it. Each
attempt's `timeout` is the time left in the budget; `retry.RetryPolicy` decides whether another attempt is made
and `errors.ErrorMapping` what a failure means for the caller."""

from __future__ import annotations

import time
from typing import Any

from ...errors import UpstreamError, UpstreamTimeout
from ...observability import logger, metrics
from ...prompts import PROMPT_VERSION, PromptMessage
from .errors import ErrorMapping
from .keys import KeySource
from .retry import RetryPolicy, retry_wait, status_of


class OpenAIChatClient:
    """One per provider instance; the SDK client is built on first use and again when the key changes."""

    def __init__(
        self,
        *,
        name: str,
        model: str,
        base_url: str | None,
        api_key: KeySource,
        key_optional: bool,
        retry: RetryPolicy,
        errors: ErrorMapping,
        max_output_tokens: int,
        json_mode: bool,
    ) -> None:
        self.name = name
        self.model = model
        self._base_url = base_url
        self._api_key = api_key
        self.key_optional = key_optional
        self._retry = retry
        self._errors = errors
        self._max_output_tokens = max_output_tokens
        self._json_mode = json_mode
        self._client: Any = None
        self._client_key: str | None = None

    def _sdk_client(self) -> Any:
        key = self._api_key()
        if not key:
            if not self.key_optional:
                raise self._errors.missing_key()
            key = "unused"  # the SDK insists on a key; a self-hosted server ignores it
        if self._client is None or key != self._client_key:
            from openai import OpenAI

            self._client = OpenAI(api_key=key, base_url=self._base_url, max_retries=0, timeout=self._retry.budget_s)
            self._client_key = key
        return self._client

    def complete(self, messages: list[PromptMessage], *, task: str) -> str:
        """The assistant's text for `messages`: non-empty and not cut off, or a domain error."""
        import openai

        client = self._sdk_client()
        started = time.monotonic()
        deadline = self._retry.deadline()
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
            remaining = self._retry.time_left(deadline)
            if remaining is None:
                raise self._timeout(task, started)
            try:
                completion = client.chat.completions.create(**options, timeout=remaining)
                break
            except openai.APITimeoutError:
                raise self._timeout(task, started) from None
            except (openai.APIStatusError, openai.APIConnectionError) as exc:
                unreachable = isinstance(exc, openai.APIConnectionError)
                retry = self._retry.should_retry(exc, attempt, deadline, connection_error=unreachable)
                logger.warning(
                    "llm call failed",
                    extra=self.log_fields(task, status=status_of(exc), attempt=attempt, retry=retry),
                )
                if not retry:
                    metrics.add_metric(name="LlmError", unit="Count", value=1)
                    raise self._errors.map(exc, connection_error=unreachable) from None
                time.sleep(retry_wait(exc, attempt))
                attempt += 1
            except (openai.APIError, ValueError):
                # A 200 whose body is not a chat completion (not JSON, wrong shape).
                metrics.add_metric(name="LlmBadOutput", unit="Count", value=1)
                logger.warning("llm response unreadable", extra=self.log_fields(task, attempt=attempt))
                raise UpstreamError(
                    "The AI provider returned a response we could not read; please try again."
                ) from None

        elapsed_ms = round((time.monotonic() - started) * 1000)
        usage = getattr(completion, "usage", None)
        choice = completion.choices[0] if completion.choices else None
        logger.info(
            "llm call",
            extra=self.log_fields(
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

    def _timeout(self, task: str, started: float) -> UpstreamTimeout:
        metrics.add_metric(name="LlmTimeout", unit="Count", value=1)
        logger.warning("llm budget spent", extra=self.log_fields(task, ms=round((time.monotonic() - started) * 1000)))
        return UpstreamTimeout(
            f"The AI provider '{self.name}' did not answer within {self._retry.budget_s:g} seconds; please try again."
        )

    def log_fields(self, task: str, **extra: Any) -> dict[str, Any]:
        # Never the prompt, the answer or the key: only what identifies the call.
        return {"provider": self.name, "model": self.model, "prompt_version": PROMPT_VERSION, "task": task, **extra}
