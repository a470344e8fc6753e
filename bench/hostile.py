"""`bench hostile`: the work hostile input costs against ordinary input of the same size, each with its ratio.

Target: every ratio at most 3 (issue 14). The inputs come from `tests/hostile_files.py`: number-dense 256 KiB
resumes for the fact guard, .docx and PDF bombs for the optimize worker (time until the job ends, FAILED for a
bomb, against a whole COMPLETED job of an ordinary file), the worst 20,000-character job ad for keyword analysis.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile_files import (
    DOCX_BOMB_INFLATED,
    MB,
    PDF_BOMB_STREAM,
    docx_bomb,
    normal_text,
    number_dense_texts,
    pdf_bomb,
    unique_words_ad,
)

CORPUS_ADS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real_job_descriptions_dev.json"
AD_CHARS = 20_000
GUARDED_OUTPUT = "Grew revenue 40% to $3M in 2 years and led 12 engineers (option 2)"


def _seconds(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _row(check: str, normal: str, normal_s: float, hostile: str, hostile_s: float, outcome: str = "") -> dict:
    return {"check": check, "normal": normal, "normalMs": normal_s * 1000, "hostile": hostile,
            "hostileMs": hostile_s * 1000, "ratio": hostile_s / normal_s, "outcome": outcome}  # fmt: skip


def fact_guard_rows(runs: int) -> list[dict[str, Any]]:
    from core.factguard import guard

    def guarded(source: str) -> Callable[[], object]:
        return lambda: guard(GUARDED_OUTPUT, [source])

    normal_s = _seconds(guarded(normal_text()), runs)
    return [
        _row("fact guard", "resume, 256 KiB", normal_s, f"{name}, 256 KiB", _seconds(guarded(text), runs))
        for name, text in number_dense_texts().items()
    ]


def _job_seconds(data: bytes) -> tuple[float, str]:
    """One optimize job of this file through the API and the worker: seconds until it ended, and how."""
    from optimize.handler import lambda_handler as optimize_api
    from status_checker.handler import lambda_handler as status_api

    from local import job_queue
    from local.invoker import LambdaInvoker
    from tests.helpers import call
    from tests.resume_files import JOB_DESCRIPTION, b64

    accepted = call(optimize_api, "POST", "/api/optimize", {"resume": b64(data), "jobDescription": JOB_DESCRIPTION})
    if accepted.status != 202:
        return 0.0, f"refused {accepted.status}"
    invoker = LambdaInvoker()
    started = time.perf_counter()
    while job_queue.poll_job_queue(invoker):
        pass
    elapsed = time.perf_counter() - started
    status = call(status_api, "GET", "/api/status", query={"jobId": accepted.body["jobId"]}).body
    return elapsed, f"{status['status']}: {status.get('message', '')[:70]}"


def upload_rows(scale: float) -> list[dict[str, Any]]:
    from tests.resume_files import docx_bytes, pdf_bytes

    docx_size = f"{DOCX_BOMB_INFLATED * scale / MB:.0f} MB of paragraphs"
    pdf_size = f"6 pages x {PDF_BOMB_STREAM * scale / MB:.1f} MB stream"
    rows = []
    for kind, normal, bomb, size in (
        ("docx", docx_bytes(), docx_bomb(int(DOCX_BOMB_INFLATED * scale)), docx_size),
        ("pdf", pdf_bytes(), pdf_bomb(int(PDF_BOMB_STREAM * scale)), pdf_size),
    ):
        normal_s, _ = _job_seconds(normal)
        bomb_s, outcome = _job_seconds(bomb)
        hostile = f"bomb, {len(bomb) // 1024} KB -> {size}"
        rows.append(
            _row(f"optimize job (.{kind})", f"resume, {len(normal) // 1024} KB", normal_s, hostile, bomb_s, outcome)
        )
    return rows


def keyword_rows(runs: int) -> list[dict[str, Any]]:
    from core.documents.keywords import analyse_job_description
    from tests.resume_files import JOB_DESCRIPTION

    if CORPUS_ADS.is_file():
        ads = "\n\n".join(ad["text"] for ad in json.loads(CORPUS_ADS.read_text()))
        normal, label = (ads * (AD_CHARS // len(ads) + 1))[:AD_CHARS], "real ads (corpus)"
    else:
        normal, label = (JOB_DESCRIPTION * (AD_CHARS // len(JOB_DESCRIPTION) + 1))[:AD_CHARS], "job ad repeated"
    worst = unique_words_ad(AD_CHARS)
    normal_s = _seconds(lambda: analyse_job_description(normal), runs)
    worst_s = _seconds(lambda: analyse_job_description(worst), runs)
    hostile = f"distinct capitalised words, {AD_CHARS:,} chars"
    return [_row("keyword analysis", f"{label}, {AD_CHARS:,} chars", normal_s, hostile, worst_s)]


def measure_hostile(runs: int, bomb_scale: float) -> list[dict[str, Any]]:
    return [*fact_guard_rows(runs), *upload_rows(bomb_scale), *keyword_rows(runs)]
