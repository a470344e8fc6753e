from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, TypeAdapter

from .common import RequestModel

# Versions stay within what a JavaScript client holds exactly (and what every store keeps as a number).
MAX_VERSION = 2**53 - 1


class SuggestionTarget(BaseModel):
    line: int | None  # 0-based line of the resume it replaces, when it was made; None: the line is not in the resume
    text: str  # that line's content (no bullet marker): Apply finds the line again if it has moved


class ChatSuggestion(BaseModel):
    text: str  # the rewritten line
    target: SuggestionTarget


_SUGGESTIONS = TypeAdapter(list[ChatSuggestion])


def suggestions_json(suggestions: list[ChatSuggestion]) -> str:
    """How a store keeps a message's suggestions: one JSON attribute or column."""
    return _SUGGESTIONS.dump_json(suggestions).decode()


def suggestions_from_json(stored: str | None) -> list[ChatSuggestion]:
    return _SUGGESTIONS.validate_json(stored) if stored else []


class ChatMessage(BaseModel):
    id: str
    role: Literal["user", "assistant"]
    text: str  # an assistant message's text holds no suggestions: they are data, below
    ts: int  # epoch milliseconds
    action: str | None = None
    suggestions: list[ChatSuggestion] = Field(default_factory=list)


class ResumeDoc(BaseModel):
    """The hot copy of a resume."""

    text: str
    version: int = Field(ge=0)
    updatedAt: str  # ISO-8601 UTC


class SessionResponse(BaseModel):
    sessionId: str
    resume: str
    version: int
    updatedAt: str | None
    chat: list[ChatMessage]
    rehydrated: bool = False
    rehydratedInMs: float | None = None


class SaveResumeRequest(RequestModel):
    text: str
    # Version the client edited from. Absent (seed clients): last writer wins. 0: the session must be new.
    baseVersion: int | None = Field(None, ge=0, le=MAX_VERSION)


class SaveResumeResponse(BaseModel):
    saved: Literal[True] = True
    version: int
    updatedAt: str


class ConflictBody(BaseModel):
    error: Literal["conflict"] = "conflict"
    message: str
    currentVersion: int
    currentText: str


class SnapshotPayload(BaseModel):
    """What a snapshot holds (`sessions/<id>/latest.json`)."""

    sessionId: str
    resume: str
    version: int
    chat: list[ChatMessage]
    createdAt: str
    kind: Literal["manual", "auto", "restore"] = "manual"


class SnapshotMeta(BaseModel):
    snapshotId: str
    createdAt: str
    version: int | None = None
    kind: str | None = None
    sizeBytes: int | None = None


class SnapshotCreated(BaseModel):
    snapshotted: Literal[True] = True
    countMessages: int
    snapshotId: str
    createdAt: str
    version: int


class SnapshotList(BaseModel):
    sessionId: str
    snapshots: list[SnapshotMeta]


class SnapshotResponse(SnapshotPayload):
    snapshotId: str


class CreateSnapshotRequest(RequestModel):
    kind: Literal["manual", "restore"] = "manual"
