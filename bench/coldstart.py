"""Cold-invoke proxy: a fresh Python process imports one handler module and handles a realistic event.

The parent (`run_cold_starts`) starts one process per sample, with the AWS adapters pointed at moto server
through AWS_ENDPOINT_URL, and reports medians. The child part (`python -m bench.coldstart`, reading its job from
stdin) imports nothing but the standard library before timing the handler import, so the figures are the
handler's own: import = loading the module (and everything it imports); first invoke = settings, clients,
connections and the request itself; warm invoke = a second request in the same process.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from typing import Any

RESULT_MARKER = "BENCH_RESULT "


class _Context:
    # Not tests.helpers.FakeLambdaContext: importing that module would load botocore before the timed import.
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:bench"
    aws_request_id = "bench"
    log_group_name = log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def child() -> None:
    job = json.loads(sys.stdin.read())
    started = time.perf_counter()
    handler = importlib.import_module(job["module"]).lambda_handler
    imported = time.perf_counter()
    first = handler(job["events"][0], _Context())
    invoked = time.perf_counter()
    handler(job["events"][1], _Context())
    warm = time.perf_counter()
    result = {
        "importMs": (imported - started) * 1000,
        "firstInvokeMs": (invoked - imported) * 1000,
        "warmInvokeMs": (warm - invoked) * 1000,
        # An HTTP answer, or the batch response of a queue consumer.
        "result": {k: first[k] for k in ("statusCode", "batchItemFailures") if k in first},
        "modules": len(sys.modules),
    }
    print(RESULT_MARKER + json.dumps(result), flush=True)


def run_cold_starts(env: dict[str, str], runs: int) -> list[dict[str, Any]]:
    """Median import / first invoke / warm invoke per function, `runs` fresh processes each."""
    import statistics
    import subprocess

    from bench.scenarios import available, seed, succeeded
    from core.routes import FUNCTIONS
    from tests.e2e.runtime import REPO, child_env

    seeded = seed()
    rows = []
    for scenario in (s for s in available() if s.cold):
        module = FUNCTIONS[scenario.function].handler_module
        samples: list[dict[str, float]] = []
        for _ in range(runs):
            job = json.dumps({"module": module, "events": [scenario.event(seeded), scenario.event(seeded)]})
            began = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "bench.coldstart"],
                input=job,
                capture_output=True,
                text=True,
                cwd=REPO,
                env=child_env(**env),
                check=True,
            )
            wall = (time.perf_counter() - began) * 1000
            line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith(RESULT_MARKER))
            sample = json.loads(line[len(RESULT_MARKER) :])
            if not succeeded(sample.pop("result")):
                raise RuntimeError(f"{scenario.route} failed in the cold-start process:\n{done.stdout[-3000:]}")
            samples.append(sample | {"processMs": wall})
        median = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        rows.append({"function": scenario.function, "request": scenario.route, "runs": runs, **median})
    return rows


if __name__ == "__main__":
    child()
