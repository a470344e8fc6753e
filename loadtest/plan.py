"""What the load test can run: its user classes and the routes each needs (plain data, no Locust import).

`python -m loadtest` runs only the users whose routes the target serves, so the same command works while a
part of the API is not deployed yet, and says which users it left out.
"""

from __future__ import annotations

RESUME = "/api/resume/{sessionId}"
SESSION = "/api/session/{sessionId}"
SNAPSHOT = "/api/snapshot/{sessionId}"
SNAPSHOTS = "/api/snapshots/{sessionId}"
SNAPSHOT_BY_ID = "/api/snapshots/{sessionId}/{snapshotId}"
CHAT = "/api/chat"
LLM_STATUS = "/api/llm/status"
OPTIMIZE = "/api/optimize"
JOB_STATUS = "/api/status"
JOBS = "/api/jobs"

# Locust class name -> the routes ("METHOD /path") it calls.
USER_ROUTES: dict[str, frozenset[str]] = {
    "Typist": frozenset({f"PUT {RESUME}", f"GET {SESSION}"}),
    "Snapshotter": frozenset(
        {f"PUT {RESUME}", f"GET {SESSION}", f"POST {SNAPSHOT}", f"GET {SNAPSHOTS}", f"GET {SNAPSHOT_BY_ID}"}
    ),
    "PairedWriter": frozenset({f"PUT {RESUME}", f"GET {SESSION}"}),
    "Chatter": frozenset({f"PUT {RESUME}", f"GET {SESSION}", f"POST {CHAT}", f"GET {LLM_STATUS}"}),
    "Optimizer": frozenset({f"POST {OPTIMIZE}", f"GET {JOB_STATUS}", f"GET {JOBS}"}),
}


def runnable_users(served: set[str], wanted: list[str] | None = None) -> tuple[list[str], dict[str, list[str]]]:
    """(users to run, {user left out: the routes it misses}) for a target serving `served` routes."""
    names = wanted or list(USER_ROUTES)
    unknown = [name for name in names if name not in USER_ROUTES]
    if unknown:
        raise ValueError(f"unknown user class(es) {unknown}; choose from {sorted(USER_ROUTES)}")
    missing = {name: sorted(USER_ROUTES[name] - served) for name in names}
    return [n for n in names if not missing[n]], {n: m for n, m in missing.items() if m}
