from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..factguard import Flag
from ..ports.llm import AssistAction
from .common import RequestModel


class ChatRequest(RequestModel):
    """Seed clients send only sessionId and message; the action defaults to a free question."""

    sessionId: str
    message: str = ""
    action: AssistAction = "chat"
    selection: str | None = None  # the bullet a rephrase/shorten/quantify/star action works on


class ChatFlag(Flag):
    # Where the number was found: replaced by its placeholder in a suggestion, only reported in the message.
    location: Literal["suggestion", "message"]


class ChatResponse(BaseModel):
    # The reply with its suggestions listed below it: what a seed client shows and what the history keeps.
    assistantMessage: str
    messageId: str
    suggestions: list[str]
    flags: list[ChatFlag]
    action: AssistAction


class LlmStatus(BaseModel):
    provider: str
    model: str
    keyConfigured: bool  # whether an API key is set; never the key
    ready: bool  # the provider can answer (the mock, a self-hosted server, or a key is configured)
    promptVersion: str
