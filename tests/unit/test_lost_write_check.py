"""The lost-write check the load test and the drills end with: it must pass only when no acknowledged save is gone."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator

import httpx
import pytest

from loadtest.ledger import WriteLedger
from loadtest.weblogic import WebLogic


def server_with(sessions: dict[str, tuple[int, str]], busy_first: int = 0) -> httpx.Client:
    """A fake API holding (version, text) per session; answers 503 to the first `busy_first` session reads."""
    busy = [busy_first]

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/health":
            return httpx.Response(200, json={"ok": True})
        if busy[0] > 0:
            busy[0] -= 1
            return httpx.Response(503, headers={"Retry-After": "0"}, json={"error": "service_unavailable"})
        version, text = sessions.get(request.url.path.rsplit("/", 1)[-1], (0, ""))
        return httpx.Response(200, json={"version": version, "resume": text})

    return httpx.Client(base_url="http://api.test", transport=httpx.MockTransport(handle))


def ledger_with_acked(session_id: str, *writes: tuple[int, str]) -> WriteLedger:
    ledger = WriteLedger()
    for version, text in writes:
        ledger.sending(session_id, version, text)
        ledger.acknowledged(session_id, version, text)
    return ledger


def test_the_last_acknowledged_write_on_the_server_passes():
    ledger = ledger_with_acked("s1", (1, "a"), (2, "ab"))
    result = ledger.check(server_with({"s1": (2, "ab")}))
    assert result.ok and result.checked == 1 and result.lost == []


def test_an_older_version_on_the_server_is_a_lost_write():
    ledger = ledger_with_acked("s1", (1, "a"), (2, "ab"))
    result = ledger.check(server_with({"s1": (1, "a")}))
    assert not result.ok
    assert (result.lost[0].acked_version, result.lost[0].stored_version, result.lost[0].reason) == (
        2,
        1,
        "older version",
    )
    assert "FAIL: 1 acknowledged write(s) lost" in result.describe()


def test_a_different_text_under_the_acknowledged_version_is_a_lost_write():
    ledger = ledger_with_acked("s1", (1, "mine"))
    result = ledger.check(server_with({"s1": (1, "someone else's")}))
    assert [lost.reason for lost in result.lost] == ["text differs from what was sent"]


def test_a_session_gone_from_the_server_is_a_lost_write():
    ledger = ledger_with_acked("s1", (3, "abc"))
    assert ledger.check(server_with({})).lost[0].stored_version == 0


def test_an_unanswered_save_that_landed_is_not_a_loss_but_an_unknown_text_is():
    ledger = ledger_with_acked("s1", (1, "a"))
    ledger.sending("s1", 2, "ab")  # the connection dropped before the answer
    landed = ledger.check(server_with({"s1": (2, "ab")}))
    assert landed.ok and landed.landed_in_doubt == 1
    assert not ledger.check(server_with({"s1": (2, "never sent")})).ok


def test_a_refused_save_is_no_longer_in_doubt():
    ledger = ledger_with_acked("s1", (1, "a"))
    ledger.sending("s1", 2, "ab")
    ledger.rejected("s1", 2)
    assert ledger.sent_in_doubt("s1", 2) is None
    assert not ledger.check(server_with({"s1": (2, "ab")})).ok


def test_sessions_without_an_acknowledged_write_are_not_checked_and_busy_reads_are_retried():
    ledger = ledger_with_acked("s1", (1, "a"))
    ledger.sending("s2", 1, "never answered")
    result = ledger.check(server_with({"s1": (1, "a")}, busy_first=2))
    assert result.ok and result.checked == 1


class VersionedServer:
    """One session behind PUT /api/resume's rules: a write on a stale base version gets 409 with the current text."""

    def __init__(self) -> None:
        self.version, self.text = 0, ""

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"ok": True, "version": self.version, "resume": self.text})
        body = json.loads(request.content)
        if body["baseVersion"] != self.version:
            return httpx.Response(409, json={"currentVersion": self.version, "currentText": self.text})
        self.version, self.text = self.version + 1, body["text"]
        return httpx.Response(200, json={"version": self.version})


Merge = Callable[[str, str, str], str]


def two_writers_on_one_session(merge: Merge, rounds: int = 30) -> tuple[WriteLedger, httpx.Client]:
    """A laptop and a phone insert lines of their own at random places, each from the version it knows; a 409 is
    merged (base = the text the edit was made on) and the merge saved on top of the current version."""
    server = VersionedServer()
    api = httpx.Client(base_url="http://api.test", transport=httpx.MockTransport(server.handle))
    ledger = WriteLedger()
    known = {"laptop": (0, ""), "phone": (0, "")}
    rng = random.Random(16)

    def save(writer: str, text: str) -> None:
        for _ in range(10):
            version, base = known[writer]
            ledger.sending("s1", version + 1, text)
            reply = api.put("/api/resume/s1", json={"text": text, "baseVersion": version})
            if reply.status_code == 200:
                known[writer] = (reply.json()["version"], text)
                ledger.acknowledged("s1", reply.json()["version"], text)
                ledger.expect_lines("s1", [line for line in text.splitlines() if line.startswith(f"- [{writer}]")])
                return
            ledger.rejected("s1", version + 1)
            current = (reply.json()["currentVersion"], reply.json()["currentText"])
            known[writer] = current
            text = merge(base, text, current[1])
        raise AssertionError("no save landed in 10 merges")

    for round_number in range(rounds):
        edits = {}
        for writer, (_, text) in known.items():
            lines = text.splitlines()
            lines.insert(rng.randint(0, len(lines)), f"- [{writer}] line {round_number}")
            edits[writer] = "\n".join(lines) + "\n"
        for writer in rng.sample(sorted(edits), 2):
            save(writer, edits[writer])
    return ledger, api


@pytest.fixture(scope="module")
def web_app() -> Iterator[WebLogic]:
    logic = WebLogic()
    yield logic
    logic.close()


def test_two_writers_merging_with_the_web_apps_merge_lose_nothing(web_app: WebLogic):
    ledger, api = two_writers_on_one_session(lambda base, mine, theirs: web_app.merge(base, mine, theirs)[0])
    result = ledger.check(api)
    assert result.ok, result.describe()
    final = api.get("/api/session/s1").json()["resume"].splitlines()
    assert {f"- [{w}] line {n}" for w in ("laptop", "phone") for n in range(30)} <= set(final)


def test_two_writers_where_the_last_one_wins_are_caught_losing_lines():
    ledger, api = two_writers_on_one_session(lambda base, mine, theirs: mine)
    result = ledger.check(api)
    assert not result.ok
    assert "line(s) lost" in result.lost[0].reason
