from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ErrorBody(BaseModel):
    """Every error response: a stable code plus a sentence for people. Some errors add fields."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str


class HealthResponse(BaseModel):
    ok: bool
    ts: int  # epoch milliseconds
    local: bool
    version: str
