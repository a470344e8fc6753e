from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, TypeAdapter

from .common import RequestModel

# Versions stay within what a JavaScript client holds exactly (and what every store keeps as a number).
MAX_VERSION = 2**53 - 1
# The session's entity tag names the resume's version (weak: the chat may differ under one tag).
_ETAG = re.compile(r'^\s*(?:W/)?"v(\d{1,16})"\s*$')


def resume_etag(version: int) -> str:
    return f'W/"v{version}"'


def version_in_etag(header: str | None) -> int | None:
    """The version an If-None-Match header names (one of our tags), else None (the request is unconditional)."""
    match = _ETAG.match(header or "")
    if match is None:
        return None
    version = int(match.group(1))
    return version if version <= MAX_VERSION else None


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
    # The person it belongs to (Cognito `sub`); None: nobody's, anyone holding the session id may use it.
    owner: str | None = None


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


class SnapshotMeta(BaseModel):
    snapshotId: str
    createdAt: str
    version: int | None = None
    kind: str | None = None
    sizeBytes: int | None = None
    # What the snapshot changed, in words ("+3 lines in Experience"); absent on snapshots taken before labels.
    label: str | None = None
    # Automatic snapshots of one window of activity share its start; history shows the newest of them.
    windowStartedAt: str | None = None


class SnapshotPayload(BaseModel):
    """What a snapshot holds (`sessions/<id>/latest.json`)."""

    sessionId: str
    resume: str
    version: int
    chat: list[ChatMessage]
    createdAt: str
    # restore: the text just before a restore or a replacement; merge: right after merging another device's edits.
    kind: Literal["manual", "auto", "restore", "merge"] = "manual"
    label: str | None = None
    windowStartedAt: str | None = None
    # Automatic snapshots only: the text the window started from (what the label describes the change from).
    windowBase: str | None = None
    # The snapshots before this one, oldest first: reading history is one read of the newest snapshot.
    history: list[SnapshotMeta] = Field(default_factory=list)
    # The session's owner when it was taken: a session rehydrated from it stays theirs.
    owner: str | None = None


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
    kind: Literal["manual", "restore", "merge"] = "manual"


# ---------------------------------------------------------------- accounts: my resumes, claim, sharing


class ResumeSummary(BaseModel):
    sessionId: str
    title: str  # the resume's first non-blank line (its name line), at most 120 characters
    updatedAt: str
    version: int


class ResumeList(BaseModel):
    resumes: list[ResumeSummary]


class ClaimResponse(BaseModel):
    sessionId: str
    claimed: Literal[True] = True


class ShareRecord(BaseModel):
    """A read-only link to one snapshot's resume text, as stored (the text is copied: one read serves it)."""

    shareId: str
    sessionId: str
    snapshotId: str
    createdAt: str
    resume: str


class ShareCreated(BaseModel):
    shareId: str
    sessionId: str
    snapshotId: str
    createdAt: str


class ShareSummary(BaseModel):
    shareId: str
    snapshotId: str
    createdAt: str


class ShareList(BaseModel):
    shares: list[ShareSummary]


class ShareRevoked(BaseModel):
    revoked: Literal[True] = True


class SharedResume(BaseModel):
    shareId: str
    resume: str
    createdAt: str
