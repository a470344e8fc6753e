"""The load test's summary: per route p50/p95/p99, requests/s and errors split by kind, as JSON and a table."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Error columns, in order: the statuses the API defines for load (409 conflict, 413 too large, 429/503 retry
# later), then everything else grouped.
ERROR_CLASSES = ("409", "413", "429", "503", "5xx", "4xx", "network")
ERROR_HEADERS = ("409", "413", "429", "503", "other 5xx", "other 4xx", "no answer")


@dataclass
class JobTally:
    """Optimize jobs as the Optimizer users saw them: submitted, and how each one ended (or did not)."""

    submitted: int = 0
    failed: int = 0
    unfinished: int = 0  # still PROCESSING when the user stopped polling
    seconds_to_complete: list[float] = field(default_factory=list)

    def completed(self, seconds: float) -> None:
        self.seconds_to_complete.append(seconds)

    def as_dict(self) -> dict[str, Any]:
        times = sorted(self.seconds_to_complete)
        return {
            "submitted": self.submitted,
            "completed": len(times),
            "failed": self.failed,
            "unfinished": self.unfinished,
            "p50S": round(statistics.median(times), 1) if times else None,
            "p95S": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
        }

    def describe(self) -> str:
        jobs = self.as_dict()
        timing = f" (submit to COMPLETED: p50 {jobs['p50S']} s, p95 {jobs['p95S']} s)" if jobs["completed"] else ""
        return (
            f"optimize jobs: {jobs['submitted']} submitted, {jobs['completed']} completed{timing}, "
            f"{jobs['failed']} failed, {jobs['unfinished']} unfinished when polling stopped"
        )


def status_class(status: int) -> str:
    if status in (409, 413, 429, 503):
        return str(status)
    if status >= 500:
        return "5xx"
    if status >= 400:
        return "4xx"
    return "network" if status == 0 else "ok"


def _row(route: str, entry: Any, statuses: Mapping[str, int], duration_s: float) -> dict[str, Any]:
    return {
        "route": route,
        "requests": entry.num_requests,
        "rps": round(entry.num_requests / duration_s, 2) if duration_s else 0.0,
        "p50": entry.get_response_time_percentile(0.50),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": round(entry.max_response_time or 0),
        "errors": {cls: statuses.get(cls, 0) for cls in ERROR_CLASSES},
    }


def build_summary(
    stats: Any,
    statuses: Mapping[tuple[str, str], Counter[str]],
    check: dict[str, Any],
    users: int,
    run_time_s: float | None,
    jobs: JobTally | None = None,
) -> dict[str, Any]:
    """From Locust's RequestStats and our per-route status counts; rates are over the whole run time (Locust's
    own req/s is over the span between the first and the last request)."""
    span = (stats.last_request_timestamp or stats.start_time) - stats.start_time
    duration = run_time_s or max(span, 0.001)
    rows = [
        _row(f"{method} {name}", entry, statuses.get((method, name), Counter()), duration)
        for (name, method), entry in sorted(stats.entries.items(), key=lambda kv: (kv[0][0], kv[0][1]))
        if entry.num_requests
    ]
    total: Counter[str] = Counter()
    for counts in statuses.values():
        total.update(counts)
    rows.append(_row("All routes", stats.total, total, duration))
    summary: dict[str, Any] = {"users": users, "durationS": round(duration, 1), "routes": rows, "lostWriteCheck": check}
    summary["table"] = render_table(rows)
    if jobs is not None and jobs.submitted:
        summary["jobs"] = jobs.as_dict()
        summary["table"] += "\n\n" + jobs.describe()
    return summary


def markdown_table(headers: tuple[str, ...] | list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render_table(rows: list[dict[str, Any]]) -> str:
    headers = ("Route", "Requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", *ERROR_HEADERS)
    cells = [
        [row["route"], row["requests"], f"{row['rps']:.1f}", row["p50"], row["p95"], row["p99"], row["max"]]
        + [row["errors"][cls] for cls in ERROR_CLASSES]
        for row in rows
    ]
    return markdown_table(headers, cells)


def write_summary(summary: dict[str, Any], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    check = summary["lostWriteCheck"]
    verdict = "PASS" if check["ok"] else f"FAIL ({len(check['lost'])} lost)"
    (directory / "summary.md").write_text(
        f"{summary['users']} users, {summary['durationS']} s\n\n{summary['table']}\n\n"
        f"Lost-write check: {verdict}, {check['sessionsChecked']} sessions checked, "
        f"{check['landedInDoubt']} unanswered saves found saved.\n"
    )
