"""`python -m loadtest` (`make loadtest`): run the Locust users headless against a URL, or against a local runtime
started for the run (free port, temporary DATA_DIR), then print the per-route table and the lost-write check.

    python -m loadtest                                  # local runtime, 10 users, 30 s
    python -m loadtest --url https://dxxxx.cloudfront.net --users 50 --duration 2m
    python -m loadtest --sweep 1,5,10,20 --duration 30s --plot docs/perf-latency-vs-users.png

Each run keeps Locust's CSV files, summary.json and summary.md under --out (default loadtest/results/<time>).
Exit status: 0 when every acknowledged write was found, 1 when one was lost, 3 when the check could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from loadtest.plan import runnable_users
from tests.e2e.runtime import REPO, LocalRuntime, child_env  # the launcher the end-to-end tests use

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def served_routes(url: str) -> set[str]:
    """Routes the target documents at /api/openapi.json (the local runtime); else those of docs/openapi.json."""
    try:
        reply = httpx.get(f"{url}/api/openapi.json", timeout=10)
        document = reply.json() if reply.status_code == 200 else None
    except (httpx.HTTPError, json.JSONDecodeError):
        document = None
    if not document:  # a deployed API does not serve its document: trust the repository's
        document = json.loads((REPO / "docs" / "openapi.json").read_text())
    return {f"{method.upper()} {path}" for path, item in document.get("paths", {}).items() for method in item}


@contextlib.contextmanager
def target(url: str | None, out: Path) -> Iterator[str]:
    """The URL to load: the one given, or a local runtime started (and stopped) for this run."""
    if url:
        yield url.rstrip("/")
        return

    with tempfile.TemporaryDirectory(prefix="loadtest-data-") as data_dir:
        # The simulated people all come from this machine's address: one caller to the per-caller rate limits.
        unlimited = {"CHAT_RATE_LIMIT": "1000000", "OPTIMIZE_RATE_LIMIT": "1000000"}
        runtime = LocalRuntime(
            log_path=out / "runtime.log", env={"DATA_DIR": data_dir, "LOG_LEVEL": "warning", **unlimited}
        )
        runtime.start()
        print(f"local runtime on {runtime.base_url} (data in {data_dir}, log in {out / 'runtime.log'})", flush=True)
        try:
            yield runtime.base_url
        finally:
            runtime.stop()


def run_locust(url: str, users: int, args: argparse.Namespace, classes: list[str], out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    spawn_rate = args.spawn_rate or max(1.0, users / 2)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-H", url, "-u", str(users), "-r", str(spawn_rate), "-t", args.duration,
        "--csv", str(out / "locust"), "--results-dir", str(out), "--loglevel", "WARNING", *classes,
    ]  # fmt: skip
    started = _utc_now()
    print(f"\n== {users} users for {args.duration}: {' '.join(classes)} (started {started} UTC)", flush=True)
    code = subprocess.run(command, cwd=REPO, env=child_env(), check=False).returncode  # noqa: S603 - our own argv
    finished = _utc_now()
    print(f"== finished {finished} UTC (match this window on the CloudWatch dashboard)", flush=True)
    summary_file = out / "summary.json"
    summary = json.loads(summary_file.read_text()) if summary_file.exists() else {}
    return {"users": users, "startedUtc": started, "finishedUtc": finished, "exitCode": code, "summary": summary}


def _utc_now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("URL") or None, help="base URL (default: a local runtime)")
    parser.add_argument("--users", type=int, default=10, help="concurrent simulated users")
    parser.add_argument("--sweep", default="", help="comma-separated user counts, one run each (e.g. 1,5,10,20)")
    parser.add_argument("--duration", default="30s", help="run time per run, Locust syntax (30s, 2m)")
    parser.add_argument("--spawn-rate", type=float, default=0, help="users started per second (default users/2)")
    parser.add_argument("--user-classes", default="", help="comma-separated, e.g. Typist,Snapshotter (default all)")
    parser.add_argument("--out", type=Path, help="results directory (default loadtest/results/<UTC time>)")
    parser.add_argument("--plot", type=Path, help="with --sweep: write the latency-versus-users PNG here")
    args = parser.parse_args(argv)

    out = args.out or REPO / "loadtest" / "results" / time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    out.mkdir(parents=True, exist_ok=True)
    levels = [int(n) for n in args.sweep.split(",") if n.strip()] or [args.users]
    with target(args.url, out) as url:
        wanted = [c.strip() for c in args.user_classes.split(",") if c.strip()] or None
        classes, left_out = runnable_users(served_routes(url), wanted)
        for name, missing in left_out.items():
            print(f"not running {name}: the target does not serve {', '.join(missing)}", flush=True)
        if not classes:
            print("no user class can run against this target", file=sys.stderr)
            return 2
        runs = [run_locust(url, users, args, classes, out / f"users-{users:03d}") for users in levels]
    (out / "runs.json").write_text(json.dumps(runs, indent=2) + "\n")
    if args.plot:
        from loadtest.plot import plot_latency_vs_users

        plot_latency_vs_users(runs, args.plot)
        print(f"plot written to {args.plot}")
    print(f"\nresults in {out}")
    return max(run["exitCode"] for run in runs)


if __name__ == "__main__":
    raise SystemExit(main())
