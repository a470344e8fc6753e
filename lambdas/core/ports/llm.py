"""The LLM port: task-level calls, so prompts stay on the server and the offline writing engine never parses a
prompt.

Providers raise `core.errors` on failure: UpstreamError (502: provider error or unusable output),
ServiceUnavailable (503: provider rate limit / overload, or missing configuration such as an API key),
UpstreamTimeout (504: the time budget ran out).
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

AssistAction = Literal["rephrase", "shorten", "quantify", "star", "chat"]


class ChatTurn(BaseModel):
    role: Literal["user", "assistant"]
    text: str


class AssistRequest(BaseModel):
    action: AssistAction
    message: str  # what the person typed (short), never a pasted prompt
    selection: str | None = None  # the bullet the action works on
    resume: str = ""  # context
    history: list[ChatTurn] = Field(default_factory=list)  # the last few turns only


class Suggestion(BaseModel):
    text: str  # the rewritten bullet
    replaces: str | None = None  # the resume line it was written for; None: the selection


class AssistReply(BaseModel):
    text: str  # the assistant's message
    suggestions: list[Suggestion] = Field(default_factory=list)  # 2-3 alternatives for bullet actions


class RewriteRequest(BaseModel):
    """Optimizer: rewrite resume bullets toward a job description using only facts already in the resume."""

    bullets: list[str]
    keywords: list[str]  # job-description terms, most important first
    job_description: str
    resume: str


class RewriteReply(BaseModel):
    bullets: list[str]  # one rewritten bullet per request bullet, same order


class LlmProvider(Protocol):
    name: str
    model: str

    def assist(self, request: AssistRequest) -> AssistReply: ...

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply: ...


@runtime_checkable
class KeyedProvider(Protocol):
    """A provider that needs an API key can say whether one is configured (never what it is)."""

    def key_configured(self) -> bool: ...
