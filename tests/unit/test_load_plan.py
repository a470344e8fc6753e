"""The load test's plumbing: which users run against a target, and how answers are classified and tabled."""

from __future__ import annotations

import pytest

from loadtest.plan import USER_ROUTES, runnable_users
from loadtest.report import ERROR_CLASSES, JobTally, markdown_table, status_class


def test_users_whose_routes_are_missing_are_left_out_and_named():
    served = set(USER_ROUTES["Typist"])
    run, left_out = runnable_users(served)
    assert run == ["Typist", "PairedWriter"]  # the two-device writers need no more than a typist
    assert "POST /api/chat" in left_out["Chatter"] and "POST /api/snapshot/{sessionId}" in left_out["Snapshotter"]


def test_all_users_run_when_everything_is_served_and_unknown_names_are_refused():
    served = set().union(*USER_ROUTES.values())
    assert runnable_users(served) == (list(USER_ROUTES), {})
    with pytest.raises(ValueError, match="Tipyst"):
        runnable_users(served, ["Tipyst"])


@pytest.mark.parametrize(
    ("status", "kind"),
    [(200, "ok"), (202, "ok"), (409, "409"), (413, "413"), (429, "429"), (503, "503"), (500, "5xx"), (504, "5xx"),
     (404, "4xx"), (422, "4xx"), (0, "network")],
)  # fmt: skip
def test_answers_are_split_into_the_reported_kinds(status, kind):
    assert status_class(status) == kind
    assert kind == "ok" or kind in ERROR_CLASSES


def test_markdown_table():
    assert markdown_table(["a", "b"], [[1, "x"]]) == "| a | b |\n|---|---|\n| 1 | x |"


def test_job_tally_reports_outcomes_and_times():
    tally = JobTally(submitted=4, failed=1)
    for seconds in (2.0, 4.0):
        tally.completed(seconds)
    assert tally.as_dict() == {"submitted": 4, "completed": 2, "failed": 1, "unfinished": 0, "p50S": 3.0, "p95S": 4.0}
    assert tally.describe().startswith("optimize jobs: 4 submitted, 2 completed (submit to COMPLETED: p50 3.0 s")
