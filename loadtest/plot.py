"""The latency-versus-users plot of a `python -m loadtest --sweep ...` run (PNG, matplotlib)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

AUTOSAVE = "PUT /api/resume/{sessionId}"


def plot_latency_vs_users(runs: list[dict[str, Any]], path: Path, title: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    points = sorted((run["users"], run["summary"]) for run in runs if run.get("summary"))
    users = [u for u, _ in points]
    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for route, style in ((AUTOSAVE, "-"), ("All routes", "--")):
        rows = [next((r for r in s["routes"] if r["route"] == route), None) for _, s in points]
        if not all(rows):
            continue
        label = "autosave PUT" if route == AUTOSAVE else "all routes"
        for percentile, marker in (("p50", "o"), ("p95", "s"), ("p99", "^")):
            latency.plot(users, [r[percentile] for r in rows if r], style, marker=marker, label=f"{label} {percentile}")
        if route == "All routes":
            throughput.plot(users, [r["rps"] for r in rows if r], "-o", label="requests/s (all routes)")
            errors = [sum(r["errors"].values()) / max(1, r["requests"]) * 100 for r in rows if r]
            throughput.plot(users, errors, ":x", label="errors % (all routes)")
    latency.set(xlabel="simulated users", ylabel="latency (ms)", title="Latency by percentile")
    latency.set_yscale("log")
    latency.grid(True, which="both", alpha=0.3)
    latency.legend(fontsize=8)
    throughput.set(xlabel="simulated users", title="Throughput and errors")
    throughput.grid(True, alpha=0.3)
    throughput.legend(fontsize=8)
    figure.suptitle(title or "Resume Chat local runtime under the Locust mix (noisy shared 2-core machine)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    # python -m loadtest.plot <results>/runs.json out.png
    plot_latency_vs_users(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))
