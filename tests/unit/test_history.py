"""Readable history: labels that say what a snapshot changed, and automatic snapshots coalesced per window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.history import NO_CHANGE, coalesce, describe_change, window_start
from core.models.session import ChatMessage, SnapshotMeta

RESUME = "Jane Doe\nSUMMARY\nEngineer\nEXPERIENCE\n- Built APIs\nSKILLS\nPython\n"


@pytest.mark.parametrize(
    ("after", "label"),
    [
        (RESUME.replace("- Built APIs", "- Built APIs\n- Led a team\n- Ran on-call\n- Mentored"),
         "+3 lines in Experience"),
        (RESUME.replace("Engineer", "Senior engineer"), "Edited 1 line in Summary"),
        (RESUME.replace("Python", "Python, Go").replace("Engineer", "Eng"), "Edited 2 lines in Summary and Skills"),
        (RESUME.replace("- Built APIs\n", ""), "-1 line in Experience"),
        (RESUME.replace("Jane Doe", "Jane A. Doe"), "Edited 1 line in the header"),
        (RESUME.replace("Python\n", "Python\nGo\nRust\n").replace("Engineer\n", ""),
         "+2 -1 line in Skills and Summary"),
        (RESUME, "No change to the text"),
    ],
)  # fmt: skip
def test_labels_say_what_changed_and_where(after, label):
    assert describe_change(RESUME, after) == label


def test_an_added_line_the_assistant_proposed_reads_as_an_applied_suggestion():
    said = [ChatMessage(id="1", role="assistant", text="Try:\n1. Built 12 APIs used by 3 teams", ts=1)]
    after = RESUME.replace("- Built APIs", "- Built 12 APIs used by 3 teams")
    assert describe_change(RESUME, after, said) == "Applied a suggestion"
    assert describe_change(RESUME, after, []) == "Edited 1 line in Experience"


def meta(snapshot_id: str, kind: str, window: str | None, label: str = "+1 line in Skills") -> SnapshotMeta:
    return SnapshotMeta(
        snapshotId=snapshot_id, createdAt="2026-12-01T12:00:00Z", kind=kind, windowStartedAt=window, label=label
    )


def test_automatic_snapshots_of_one_window_show_as_the_newest_one():
    entries = [
        meta("5", "auto", "w2"),
        meta("4", "auto", "w2"),
        meta("3", "manual", None),
        meta("2", "auto", "w1"),
        meta("1", "auto", "w1"),
    ]
    assert [e.snapshotId for e in coalesce(entries)] == ["5", "3", "2"]


def test_a_window_that_changed_only_the_chat_is_not_listed():
    entries = [meta("3", "auto", "w2", NO_CHANGE), meta("2", "auto", "w2"), meta("1", "manual", None, NO_CHANGE)]
    assert [e.snapshotId for e in coalesce(entries)] == ["1"]  # "2" is covered by "3"; a manual one always shows


def test_a_window_lasts_a_few_minutes_from_its_first_automatic_snapshot():
    start = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    previous = meta("1", "auto", "2026-12-01T12:00:00.000Z")
    assert window_start(previous, start + timedelta(minutes=4)) == "2026-12-01T12:00:00.000Z"
    assert window_start(previous, start + timedelta(minutes=5)) is None
    assert window_start(meta("1", "manual", None), start) is None
    assert window_start(None, start) is None
