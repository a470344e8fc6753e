"""The lost-write check the load test and the drills end with: it must pass only when no acknowledged save is gone."""

from __future__ import annotations

import httpx

from loadtest.ledger import WriteLedger


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
