"""Snapshot history people can read: what each snapshot changed, in words, and automatic snapshots coalesced.

Labels are written once, when a snapshot is taken ("+3 lines in Experience", "Edited 1 line in Summary",
"Applied a suggestion"); reading history costs no diffing. Lines are compared as multisets (linear in the text),
so an edit reads as one line removed and one added in the same section.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from .models.session import ChatMessage, SnapshotMeta
from .resume import parse

# Automatic snapshots of one stretch of activity show as one history entry (the newest of the window).
COALESCE_WINDOW = timedelta(minutes=5)
KIND_LABELS = {"restore": "Before restore", "merge": "Merged from another device"}
NO_CHANGE = "No change to the text"


def _sections_of(text: str, lines: Counter[str]) -> list[str]:
    """The sections (in text order) holding `lines` of `text`."""
    wanted = Counter(lines)
    names: list[str] = []
    for line in parse(text).lines:
        raw = text[line.start : line.end]
        if wanted[raw] > 0:
            wanted[raw] -= 1
            name = line.section.capitalize() if line.section else "the header"
            if name not in names:
                names.append(name)
    return names


def _where(sections: list[str]) -> str:
    if len(sections) > 2:
        return f" in {len(sections)} sections"
    return f" in {' and '.join(sections)}" if sections else ""


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


def describe_change(before: str, after: str, new_messages: list[ChatMessage] | None = None) -> str:
    """What turned `before` into `after`, in a few words. `new_messages`: chat said in between (an added line that
    an assistant message proposed means a suggestion was applied)."""
    old, new = Counter(before.splitlines()), Counter(after.splitlines())
    added, removed = new - old, old - new
    n_added, n_removed = sum(added.values()), sum(removed.values())
    if n_added == n_removed == 0:
        return NO_CHANGE
    proposed = [m.text for m in new_messages or [] if m.role == "assistant"]
    contents = [line.strip().lstrip("-*\u2022 ").strip() for line in added]
    if any(content and any(content in text for text in proposed) for content in contents):
        return "Applied a suggestion"
    sections = _sections_of(after, added)
    sections += [name for name in _sections_of(before, removed) if name not in sections]
    where = _where(sections)
    if n_added == n_removed:
        return f"Edited {_lines(n_added)}{where}"
    if n_removed == 0:
        return f"+{_lines(n_added)}{where}"
    if n_added == 0:
        return f"-{_lines(n_removed)}{where}"
    return f"+{n_added} -{_lines(n_removed)}{where}"


def window_start(previous: SnapshotMeta | None, now: datetime) -> str | None:
    """The window an automatic snapshot taken `now` belongs to: the previous one's when that is automatic and its
    window began less than COALESCE_WINDOW ago, else a new window starting now."""
    if previous is not None and previous.kind == "auto" and previous.windowStartedAt:
        started = datetime.fromisoformat(previous.windowStartedAt.replace("Z", "+00:00"))
        if now - started < COALESCE_WINDOW:
            return previous.windowStartedAt
    return None


def coalesce(entries: list[SnapshotMeta]) -> list[SnapshotMeta]:
    """Newest first in, newest first out: automatic snapshots of one window reduced to the newest of them, and
    left out when the window did not change the text (only chat: an assistant call is not a version to restore)."""
    seen: set[str] = set()
    shown = []
    for entry in entries:
        if entry.kind == "auto" and entry.windowStartedAt:
            if entry.windowStartedAt in seen:
                continue
            seen.add(entry.windowStartedAt)
            if entry.label == NO_CHANGE:
                continue
        shown.append(entry)
    return shown
