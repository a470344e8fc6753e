"""What keeping tabs fresh costs: the web app's polling schedule (frontend/src/lib/freshness.ts, run in node
through loadtest.weblogic) times the AWS calls of one poll (the 304 scenario, counted with botocore hooks).

A tab polls only while visible; a hidden tab sends nothing. "Idle" = visible with no keyboard or pointer input.
"""

from __future__ import annotations

from typing import Any

from bench.aws_calls import calls_of
from bench.scenarios import FRESHNESS_POLL, seed
from loadtest.weblogic import WebLogic

HOUR_MS = 3_600_000


def polls_between(logic: WebLogic, start_ms: int, end_ms: int) -> int:
    """Polls a tab idle since time 0 sends in [start_ms, end_ms), following the web app's own schedule."""
    at, polls = 0, 0
    while at < end_ms:
        at += logic.poll_delay_ms(at)
        polls += start_ms <= at < end_ms
    return polls


def idle_tab_costs() -> dict[str, Any]:
    """Call inside the AWS environment (mock_aws + provisioned)."""
    status, calls = calls_of(FRESHNESS_POLL, seed())
    reads = sum(n for (svc, op), n in calls.items() if svc == "dynamodb" and op.startswith(("Get", "Query", "Scan")))
    logic = WebLogic()
    try:
        active = logic.poll_delay_ms(0)
        periods = [
            ("active tab (typing or clicking)", HOUR_MS // active),
            ("idle tab, first hour", polls_between(logic, 0, HOUR_MS)),
            ("idle tab, each later hour", polls_between(logic, HOUR_MS, 2 * HOUR_MS)),
        ]
    finally:
        logic.close()
    return {
        "pollStatus": status,
        "callsPerPoll": {f"{svc}:{op}": n for (svc, op), n in sorted(calls.items())},
        "dynamodbReadsPerPoll": reads,
        "rows": [{"tab": tab, "requestsPerHour": n, "dynamodbReadsPerHour": n * reads} for tab, n in periods],
    }
