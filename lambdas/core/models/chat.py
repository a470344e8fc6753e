from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..factguard import Flag
from ..ports.llm import AssistAction
from .common import RequestModel
from .session import ChatSuggestion


class ChatRequest(RequestModel):
    """Seed clients send only sessionId and message; the action defaults to a free question. A seed S1 client's
    message is a prompt around the whole resume: it is read back into action, selection and question."""

    sessionId: str
    message: str = ""
    action: AssistAction = "chat"
    selection: str | None = None  # the bullet a rephrase/shorten/quantify/star action works on


class ChatFlag(Flag):
    # Where the number was found: replaced by its placeholder in a suggestion, only reported in the message.
    location: Literal["suggestion", "message"]


class ChatResponse(BaseModel):
    # What a seed client shows: the reply with its suggestions listed below it, or, for a seed S1 one-click
    # action, the suggestion itself (S1 inserts it into the resume as it is).
    assistantMessage: str
    text: str  # the reply alone, as the history keeps it (the suggestions are the data below)
    messageId: str
    # Each suggestion with the line it replaces; the history keeps them the same way.
    suggestions: list[ChatSuggestion]
    flags: list[ChatFlag]
    action: AssistAction


class LlmStatus(BaseModel):
    provider: str
    model: str
    keyConfigured: bool  # whether an API key is set; never the key
    ready: bool  # the provider can answer (the mock, a self-hosted server, or a key is configured)
    promptVersion: str
