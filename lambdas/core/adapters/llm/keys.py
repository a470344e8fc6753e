"""Where the LLM API key comes from: the environment (local development) or Secrets Manager (AWS).

A key source is a function called before each request, so a rotated secret is picked up within its cache age."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...errors import ServiceUnavailable
from ...observability import logger

KeySource = Callable[[], str | None]
# The setting a person fixes when the key is missing or rejected, when the key comes from Secrets Manager.
SECRET_SETTING = "LLM_SECRET_NAME"  # noqa: S105 - a setting's name, not a secret


def env_key(value: str | None) -> KeySource:
    return lambda: value


def key_hint(key_setting: str) -> str:
    """What to do about a missing or rejected key, naming the setting (never the key)."""
    if key_setting == SECRET_SETTING:
        return "put a valid API key in the Secrets Manager secret named by LLM_SECRET_NAME"
    return f"set {key_setting} to a valid API key"


class SecretKey:
    """The API key from Secrets Manager through Powertools parameters, cached for `max_age` seconds.

    The secret is either the bare key or JSON holding it under the provider's variable name or "apiKey"."""

    def __init__(self, secret_name: str, key_name: str, max_age_s: int, retry_after_s: int) -> None:
        self._secret_name = secret_name
        self._key_name = key_name
        self._max_age_s = max_age_s
        self._retry_after_s = retry_after_s
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
                retry_after=self._retry_after_s,
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
