"""The lost-write check: what each simulated client was told was saved, compared with what the server returns.

A client records every versioned save before sending it (`sending`) and what the answer said afterwards
(`acknowledged`, `rejected`). An answer that never arrived (connection reset, server killed, 5xx) leaves the
write *in doubt*: it may or may not have landed. At the end, for every session, `GET /api/session` must return
either the last acknowledged write or one of the in-doubt writes sent after it. Anything else - an older
version, or a text the client never sent under that version - is a lost (or corrupted) acknowledged write.

Sessions edited by two writers at once (merging each other's changes) also name lines that must survive
(`expect_lines`): every line a writer added and got acknowledged must be in the final text.

Plain Python (no Locust, no gevent): the load test and the fault drills share it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.e2e.runtime import wait_until


@dataclass(frozen=True)
class Write:
    version: int
    text: str


@dataclass
class SessionWrites:
    acked: Write | None = None
    # Writes sent after `acked` whose outcome is unknown, by the version they would have created.
    in_doubt: dict[int, str] = field(default_factory=dict)
    # Lines acknowledged as part of some write that no writer meant to remove.
    lines: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class LostWrite:
    session_id: str
    acked_version: int
    stored_version: int | None
    reason: str


@dataclass
class CheckResult:
    checked: int
    lost: list[LostWrite]
    # Sessions whose in-doubt write turned out to have landed (an answer lost in transit, not data lost).
    landed_in_doubt: int

    @property
    def ok(self) -> bool:
        return not self.lost

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessionsChecked": self.checked,
            "lost": [vars(lost) for lost in self.lost],
            "landedInDoubt": self.landed_in_doubt,
            "ok": self.ok,
        }

    def describe(self) -> str:
        verdict = "PASS" if self.ok else f"FAIL: {len(self.lost)} acknowledged write(s) lost"
        lines = [
            f"lost-write check: {verdict} ({self.checked} sessions checked, "
            f"{self.landed_in_doubt} unanswered writes found saved)"
        ]
        lines += [
            f"  {lost.session_id}: acknowledged v{lost.acked_version}, server has "
            f"{'nothing' if lost.stored_version is None else f'v{lost.stored_version}'} ({lost.reason})"
            for lost in self.lost[:20]
        ]
        return "\n".join(lines)


class WriteLedger:
    """Thread- and greenlet-safe record of the versioned saves of many sessions."""

    def __init__(self) -> None:
        self._sessions: dict[str, SessionWrites] = {}
        self._lock = threading.Lock()

    def _session(self, session_id: str) -> SessionWrites:
        return self._sessions.setdefault(session_id, SessionWrites())

    def sending(self, session_id: str, version: int, text: str) -> None:
        """Call before the request leaves: until answered, this write is in doubt."""
        with self._lock:
            self._session(session_id).in_doubt[version] = text

    def acknowledged(self, session_id: str, version: int, text: str) -> None:
        with self._lock:
            writes = self._session(session_id)
            if writes.acked is None or version >= writes.acked.version:
                writes.acked = Write(version, text)
            writes.in_doubt = {v: t for v, t in writes.in_doubt.items() if v > version}

    def rejected(self, session_id: str, version: int) -> None:
        """A definite refusal (4xx): that write did not land."""
        with self._lock:
            self._session(session_id).in_doubt.pop(version, None)

    def expect_lines(self, session_id: str, lines: list[str]) -> None:
        """These lines were acknowledged and nobody removes them: the final text must hold every one."""
        with self._lock:
            self._session(session_id).lines.update(lines)

    def sent_in_doubt(self, session_id: str, version: int) -> str | None:
        """The text of an unanswered write that would have created `version`, if there is one."""
        with self._lock:
            return self._session(session_id).in_doubt.get(version)

    def snapshot(self) -> dict[str, SessionWrites]:
        with self._lock:
            return {sid: SessionWrites(w.acked, dict(w.in_doubt), set(w.lines)) for sid, w in self._sessions.items()}

    def check(self, api: httpx.Client, server_timeout_s: float = 60) -> CheckResult:
        """Compare every session that has an acknowledged write with `GET /api/session/{id}`.

        Waits up to `server_timeout_s` for the server to answer (it may be restarting after a drill)."""
        wait_until(lambda: api.get("/api/health").status_code == 200, server_timeout_s, "/api/health", interval=0.2)
        lost: list[LostWrite] = []
        checked = landed = 0
        for session_id, writes in sorted(self.snapshot().items()):
            if writes.acked is None:
                continue
            checked += 1
            reply = _get_with_retries(api, f"/api/session/{session_id}")
            if reply.status_code != 200:
                lost.append(LostWrite(session_id, writes.acked.version, None, f"GET answered {reply.status_code}"))
                continue
            stored = reply.json()
            version, text = int(stored["version"]), str(stored["resume"])
            missing = writes.lines - set(text.splitlines())
            if missing:
                lost.append(LostWrite(session_id, writes.acked.version, version, f"{len(missing)} line(s) lost"))
                continue
            if (version, text) == (writes.acked.version, writes.acked.text):
                continue
            if version > writes.acked.version and writes.in_doubt.get(version) == text:
                landed += 1
                continue
            reason = "older version" if version < writes.acked.version else "text differs from what was sent"
            lost.append(LostWrite(session_id, writes.acked.version, version, reason))
        return CheckResult(checked=checked, lost=lost, landed_in_doubt=landed)


def _get_with_retries(api: httpx.Client, path: str, attempts: int = 5) -> httpx.Response:
    """GET, retrying what a client would retry: 503/429 (after Retry-After) and dropped connections."""
    for attempt in range(attempts):
        try:
            reply = api.get(path)
        except httpx.TransportError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)
            continue
        if reply.status_code not in (429, 503) or attempt == attempts - 1:
            return reply
        time.sleep(float(reply.headers.get("Retry-After", "1")))
    raise AssertionError("unreachable")
