"""Realistic requests per route, used by the cold-invoke proxy and the AWS-call counts.

Paths and bodies name their data with placeholders: `{sid}` a session seeded with a resume, chat and a
snapshot; `{new}` a fresh session id each time; `{snapshot}` the seeded snapshot's id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from loadtest.texts import resume_text
from tests.helpers import api_event

RESUME_2KB = resume_text(2 * 1024, seed=7)
SELECTED_BULLET = next(line for line in RESUME_2KB.splitlines() if line.startswith("- "))


@dataclass(frozen=True)
class Seeded:
    session_id: str
    snapshot_id: str

    def fill(self, value: Any) -> Any:
        """Replace the placeholders in a path or body; `{new}` is a new UUIDv4 on every call."""
        if isinstance(value, str):
            return (
                value.replace("{sid}", self.session_id)
                .replace("{snapshot}", self.snapshot_id)
                .replace("{new}", str(uuid.uuid4()))
            )
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


@dataclass(frozen=True)
class Scenario:
    function: str
    label: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    # The request the cold-invoke proxy sends to this function (one per function).
    cold: bool = False

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    def event(self, seeded: Seeded) -> dict[str, Any]:
        body = seeded.fill(self.body) if self.body is not None else None
        return api_event(self.method, seeded.fill(self.path), body, query=seeded.fill(self.query) or None)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("session", "health check", "GET", "/api/health"),
    Scenario("session", "open a session", "GET", "/api/session/{sid}", cold=True),
    Scenario("session", "open an unknown session (looks for a snapshot)", "GET", "/api/session/{new}"),
    Scenario("resume", "autosave (versioned)", "PUT", "/api/resume/{new}", {"text": RESUME_2KB, "baseVersion": 0},
             cold=True),
    Scenario("resume", "autosave (seed client, no baseVersion)", "PUT", "/api/resume/{new}", {"text": RESUME_2KB}),
    Scenario("resume", "autosave from a stale tab (409)", "PUT", "/api/resume/{sid}", {"text": "x", "baseVersion": 0}),
    Scenario("snapshot", "take a snapshot", "POST", "/api/snapshot/{sid}", cold=True),
    Scenario("snapshot", "list snapshots", "GET", "/api/snapshots/{sid}"),
    Scenario("snapshot", "read one snapshot", "GET", "/api/snapshots/{sid}/{snapshot}"),
    Scenario("chat", "rephrase a bullet (mock LLM)", "POST", "/api/chat",
             {"sessionId": "{sid}", "action": "rephrase", "selection": SELECTED_BULLET}, cold=True),
    Scenario("chat", "provider status", "GET", "/api/llm/status"),
)  # fmt: skip


def seed(session_id: str | None = None) -> Seeded:
    """Create the `{sid}` session through the services (whatever storage the environment selects)."""
    from core import container
    from core.models.chat import ChatRequest

    session_id = session_id or str(uuid.uuid4())
    container.session_service().save_resume(session_id, resume_text(6 * 1024, seed=3), None)
    container.chat_service().chat(ChatRequest(sessionId=session_id, action="shorten", selection=SELECTED_BULLET))
    snapshot = container.snapshot_service().create(session_id, "manual")
    return Seeded(session_id, snapshot.snapshotId)


def available(scenarios: tuple[Scenario, ...] = SCENARIOS) -> list[Scenario]:
    """The scenarios whose handler exists on this branch."""
    import importlib.util

    from core.routes import FUNCTIONS

    return [s for s in scenarios if importlib.util.find_spec(FUNCTIONS[s.function].folder) is not None]
