"""`python -m bench` (`make bench`): performance figures as tables. No pass/fail on times - they depend on the
machine; the tests enforce the counts (AWS calls, imports), this prints the rest.

Sections: cold (cold-invoke proxy per Lambda against moto server), imports (what each handler loads), calls
(AWS calls per route), bytes (bytes and write units per autosave), throughput (local runtime PUT /api/resume),
hostile (hostile input against ordinary input of the same size: fact guard, upload bombs, keyword analysis),
keywords (keyword analysis of the real job ads, its time on a 20,000-character ad, sample coverage before/after),
freshness (requests and DynamoDB reads per tab per hour of the web app's freshness polling),
render (parse + render + read-back per format and size),
quality (broken suggestions of the offline writing engine over real bullets; `make quality`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core import container
from core.observability import logger
from core.routes import FUNCTIONS
from loadtest.report import markdown_table
from tests.e2e.runtime import AWS_LOCAL_ENV, MotoServer, provision_aws

SECTIONS = ("cold", "imports", "calls", "bytes", "throughput", "quality", "hostile", "keywords", "freshness", "render")
# Figures of cost, not of limits: the per-caller rate limits would refuse repeated bench requests (all from one
# caller).
BENCH_ENV = {
    "LLM_PROVIDER": "writer",
    "CHAT_RATE_LIMIT": "100000",
    "OPTIMIZE_RATE_LIMIT": "100000",
    "POWERTOOLS_SERVICE_NAME": "bench",
}


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    container.reset()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        container.reset()


@contextmanager
def in_process_aws() -> Iterator[None]:
    from moto import mock_aws

    from local.provision import provision

    # In this process the figures are counts, not times: keep its EMF metrics and logs off the tables.
    with environment({**AWS_LOCAL_ENV, **BENCH_ENV, "POWERTOOLS_METRICS_DISABLED": "true"}), mock_aws():
        container.reset()
        os.environ.update(provision().env())
        container.reset()
        yield


def cold_section(runs: int) -> tuple[str, list[dict[str, Any]]]:
    from bench.coldstart import run_cold_starts

    with tempfile.TemporaryDirectory(prefix="bench-moto-") as folder:
        moto = MotoServer(log_path=Path(folder) / "moto.log").start()
        try:
            env = provision_aws(moto.base_url) | BENCH_ENV
            with environment(env):
                rows = run_cold_starts(env, runs)
        finally:
            moto.stop()
    table = markdown_table(
        ["Function", "Request", "Import ms", "First invoke ms", "Import + first ms", "Warm invoke ms", "Process ms",
         "Modules"],
        [[r["function"], r["request"], f"{r['importMs']:.0f}", f"{r['firstInvokeMs']:.0f}",
          f"{r['importMs'] + r['firstInvokeMs']:.0f}", f"{r['warmInvokeMs']:.1f}", f"{r['processMs']:.0f}",
          f"{r['modules']:.0f}"] for r in rows],
    )  # fmt: skip
    title = f"Cold-invoke proxy (median of {runs} fresh processes; AWS adapters against moto server)"
    return f"{title}\n\n{table}", rows


def imports_section() -> tuple[str, list[dict[str, Any]]]:
    import importlib.util

    from bench.imports import FORBIDDEN_IN_API_HANDLERS, WATCHED, import_profile

    rows: list[dict[str, Any]] = []
    for function in FUNCTIONS.values():
        if importlib.util.find_spec(function.folder) is None:
            continue
        profile = import_profile(function.handler_module)
        rows.append(
            {
                "function": function.name,
                "api": "api" in function.triggers,
                "importMs": profile.import_ms,
                "modules": len(profile.modules),
                "packages": profile.packages,
                "watched": [p for p in WATCHED if profile.has(p)],
                "forbidden": [p for p in FORBIDDEN_IN_API_HANDLERS if profile.has(p)],
            }
        )
    table = markdown_table(
        ["Function", "Import ms", "Modules", "Third-party packages", "Heavy/optional loaded", "Forbidden (API)"],
        [[r["function"], f"{r['importMs']:.0f}", r["modules"], ", ".join(r["packages"]),
          ", ".join(r["watched"]) or "-", (", ".join(r["forbidden"]) or "none") if r["api"] else "n/a"]
         for r in rows],
    )  # fmt: skip
    return f"Import hygiene (one fresh interpreter per handler, no settings in the environment)\n\n{table}", rows


def calls_section() -> tuple[str, list[dict[str, Any]]]:
    from bench.aws_calls import count_aws_calls

    with in_process_aws():
        rows = count_aws_calls()
    table = markdown_table(
        ["Route", "Scenario", "Status", "AWS calls", "Reads", "Writes"],
        [[r["route"], r["scenario"], r["status"],
          ", ".join(f"{k} x{n}" for k, n in r["calls"].items()) or "none", r["reads"], r["writes"]] for r in rows],
    )  # fmt: skip
    return f"AWS calls per route (botocore before-call hooks, in-process moto)\n\n{table}", rows


def bytes_section() -> tuple[str, list[dict[str, Any]]]:
    from bench.autosave_bytes import measure_autosave_bytes

    with in_process_aws():
        rows = measure_autosave_bytes()
    table = markdown_table(
        ["Resume", "Text bytes", "Stored as", "Item bytes", "WCU", "Uncompressed item bytes", "Uncompressed WCU",
         "PutItem request bytes", "Embedded bytes written/save"],
        [[f"{r['resumeKb']} KB", r["textBytes"], r["stored"], r["itemBytes"], r["wcu"], r["uncompressedItemBytes"],
          r["uncompressedWcu"], r["requestBytes"], r["embeddedBytesPerSave"] or "n/a"] for r in rows],
    )  # fmt: skip
    return f"Bytes written per autosave (DynamoDB item by DynamoDB's size rules; 1 WCU per started KB)\n\n{table}", rows


def throughput_section(seconds: float) -> tuple[str, list[dict[str, Any]]]:
    from bench.throughput import measure_throughput

    rows = measure_throughput(seconds)
    table = markdown_table(
        ["Concurrent clients", "Requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "Errors"],
        [[r["clients"], r["requests"], f"{r['rps']:.1f}", f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p99']:.1f}",
          r["errors"]] for r in rows],
    )  # fmt: skip
    title = f"Local runtime PUT /api/resume (embedded store, versioned saves back to back, {seconds:.0f} s per level)"
    return f"{title}\n\n{table}", rows


def hostile_section(runs: int, bomb_scale: float) -> tuple[str, list[dict[str, Any]]]:
    from bench.hostile import measure_hostile

    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        embedded = {"STORAGE": "embedded", "DATA_DIR": folder, "POWERTOOLS_METRICS_DISABLED": "true"}
        with environment({**BENCH_ENV, **embedded, "JOB_RETRY_DELAY_SECONDS": "0"}):
            rows = measure_hostile(runs, bomb_scale)
    table = markdown_table(
        ["Check", "Ordinary input", "ms", "Hostile input", "ms", "Ratio (target <= 3)", "Hostile outcome"],
        [[r["check"], r["normal"], f"{r['normalMs']:.0f}", r["hostile"], f"{r['hostileMs']:.0f}",
          f"{r['ratio']:.1f}", r["outcome"] or "-"] for r in rows],
    )  # fmt: skip
    scale = "" if bomb_scale == 1 else f"; bombs at {bomb_scale:g} of the reported sizes"
    title = f"Hostile input (median of {runs} runs; optimize jobs once each, API + worker in process{scale})"
    return f"{title}\n\n{table}", rows


def keywords_section() -> tuple[str, dict[str, Any]]:
    from bench.keywords import keywords_section as run

    return run()


def quality_section() -> tuple[str, list[dict[str, Any]]]:
    from bench.quality import run

    return run()


def freshness_section() -> tuple[str, dict[str, Any]]:
    from bench.freshness import idle_tab_costs

    with in_process_aws():
        figures = idle_tab_costs()
    table = markdown_table(
        ["Tab", "Requests/hour", "DynamoDB reads/hour"],
        [[r["tab"], r["requestsPerHour"], r["dynamodbReadsPerHour"]] for r in figures["rows"]],
    )
    per_poll = ", ".join(f"{k} x{n}" for k, n in figures["callsPerPoll"].items()) or "none"
    title = (
        "Freshness polling per visible tab; hidden tabs send nothing (schedule of frontend/src/lib/freshness.ts run "
        f"in node; one poll answered {figures['pollStatus']} with {per_poll}, botocore hooks on in-process moto)"
    )
    return f"{title}\n\n{table}", figures


def render_section() -> tuple[str, list[dict[str, Any]]]:
    from bench.render import measure_rendering

    rows = measure_rendering()
    table = markdown_table(
        ["Input", "Format", "Text bytes", "Blocks", "File bytes", "Parse ms", "Render ms", "Read-back ms",
         "Total ms", "Read-back"],
        [[r["input"], r["format"], r["textBytes"], r["blocks"], r["fileBytes"], f"{r['parseMs']:.0f}",
          f"{r['renderMs']:.0f}", f"{r['readBackMs']:.0f}", f"{r['totalMs']:.0f}", r["readBack"]] for r in rows],
    )  # fmt: skip
    return f"Rendering (export path in-process: parse, render, read back with the upload extractor)\n\n{table}", rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, from {', '.join(SECTIONS)}")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")), help="cold-start samples")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "8")))
    parser.add_argument(
        "--bomb-scale",
        type=float,
        default=float(os.environ.get("BENCH_BOMB_SCALE", "1")),
        help="size of the upload bombs as a fraction of the reported ones (60 MB .docx, 6.5 MB PDF stream)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    logger.setLevel("WARNING")
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}")

    print(f"# make bench - {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n", flush=True)  # fmt: skip
    runners = {
        "cold": lambda: cold_section(args.runs),
        "imports": imports_section,
        "calls": calls_section,
        "bytes": bytes_section,
        "throughput": lambda: throughput_section(args.seconds),
        "hostile": lambda: hostile_section(args.runs, args.bomb_scale),
        "keywords": keywords_section,
        "freshness": freshness_section,
        "render": render_section,
        "quality": quality_section,
    }
    figures: dict[str, Any] = {}
    for section in chosen:
        text, figures[section] = runners[section]()
        print(f"## {text}\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
