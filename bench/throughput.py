"""Local runtime throughput and latency of PUT /api/resume at a few concurrency levels.

Each client is a thread with its own session doing versioned saves back to back (no think time) for a fixed
time; the runtime runs as its own process (embedded store, temporary DATA_DIR). The local runtime runs each
function like one Lambda execution environment - one event at a time - so extra clients add queueing, which
shows in the latency columns; in AWS, Lambda would add environments instead.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from loadtest.texts import resume_text
from tests.e2e.runtime import LocalRuntime

CONCURRENCY = (1, 4, 16)


def _percentile(sorted_ms: list[float], fraction: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(fraction * len(sorted_ms)))]


def _client(base_url: str, until: float, latencies: list[float], errors: list[int]) -> None:
    session, version = str(uuid.uuid4()), 0
    text = resume_text(2 * 1024, seed=hash(session) % 1000)
    with httpx.Client(base_url=base_url, timeout=30) as api:
        while time.monotonic() < until:
            text += " typed"
            began = time.perf_counter()
            reply = api.put(f"/api/resume/{session}", json={"text": text, "baseVersion": version})
            latencies.append((time.perf_counter() - began) * 1000)
            if reply.status_code == 200:
                version = reply.json()["version"]
            else:
                errors.append(reply.status_code)


def measure_level(base_url: str, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[int] = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(base_url, until, latencies, errors)) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered),
        "p95": _percentile(ordered, 0.95),
        "p99": _percentile(ordered, 0.99),
        "errors": len(errors),
    }


def measure_throughput(seconds: float, levels: tuple[int, ...] = CONCURRENCY) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        runtime = LocalRuntime(log_path=Path(folder) / "runtime.log", env={"DATA_DIR": f"{folder}/data"}).start()
        try:
            measure_level(runtime.base_url, 1, 1.0)  # warm up: handlers imported, database created
            return [measure_level(runtime.base_url, clients, seconds) for clients in levels]
        finally:
            runtime.stop()
