"""Keyword analysis on real job ads (read from ../shared/corpus at run time, never copied), its cost on a
20,000-character ad, and the coverage the offline tailoring reaches for the sample resume and ad."""

from __future__ import annotations

import json
import random
import string
import time
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real_job_descriptions_dev.json"
TOP_TERMS = 10
AD_CHARS = 20_000
SMALL_AD_CHARS = 5_000
RUNS = 5


def corpus_ads() -> list[dict[str, str]]:
    if not CORPUS.exists():
        return []
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def top_terms_per_ad() -> list[dict[str, Any]]:
    from core.documents.keywords import analyse_job_description

    rows = []
    for ad in corpus_ads():
        terms = analyse_job_description(ad["text"])
        rows.append(
            {
                "title": ad["title"],
                "org": ad["org"],
                "chars": len(ad["text"]),
                "terms": [(t.term, t.weight, t.importance) for t in terms[:TOP_TERMS]],
            }
        )
    return rows


def unique_capitalised_ad(chars: int, seed: int) -> str:
    """The worst case of issue 14: every word a new capitalised name, all under a requirements heading."""
    rng = random.Random(seed)
    words, size = [], len("Requirements:\n")
    while size < chars:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(7)).capitalize()
        words.append(word)
        size += len(word) + 1
    return "Requirements:\n" + " ".join(words)


def real_ad(chars: int) -> str:
    ads = "\n\n".join(ad["text"] for ad in corpus_ads()) or unique_capitalised_ad(chars, 0)
    return (ads * (chars // len(ads) + 1))[:chars]


def analysis_cost() -> list[dict[str, Any]]:
    from core.documents.keywords import analyse

    rows = []
    for name, make in (("real ads, concatenated", lambda n: real_ad(n)),
                       ("unique capitalised words", lambda n: unique_capitalised_ad(n, 1))):  # fmt: skip
        measured = {}
        for chars in (SMALL_AD_CHARS, AD_CHARS):
            text = make(chars)
            best = float("inf")
            for _ in range(RUNS):
                start = time.perf_counter()
                result = analyse(text)
                best = min(best, time.perf_counter() - start)
            measured[chars] = (best * 1000, result.lookups, result.tokens)
        small, large = measured[SMALL_AD_CHARS], measured[AD_CHARS]
        rows.append(
            {
                "ad": name,
                "ms5k": small[0],
                "ms20k": large[0],
                "timeRatio": large[0] / small[0],
                "lookups20k": large[1],
                "tokens20k": large[2],
                "lookupRatio": large[1] / small[1],
            }
        )
    return rows


def sample_coverage() -> dict[str, Any]:
    from core.adapters.llm.writer.engine import WritingEngine
    from core.documents.keywords import coverage
    from core.documents.structure import parse_resume
    from core.tailoring import tailor_resume
    from tests.resume_files import JOB_DESCRIPTION, RESUME_TEXT

    result = tailor_resume(RESUME_TEXT, parse_resume(RESUME_TEXT), JOB_DESCRIPTION, WritingEngine)
    before = coverage(RESUME_TEXT, result.terms)
    after = coverage(result.tailored.structure.to_text(), result.terms)
    return {
        "before": before.score,
        "after": after.score,
        "gained": [t.term for t in after.matched if t.term not in {m.term for m in before.matched}],
        "addIfTrue": [item.term for item in result.tailored.add_if_true],
        "changes": len(result.tailored.changes),
        "flags": len(result.flags),
    }


def keywords_section() -> tuple[str, dict[str, Any]]:
    from loadtest.report import markdown_table

    ads = top_terms_per_ad()
    cost = analysis_cost()
    sample = sample_coverage()
    per_ad = markdown_table(
        ["Ad", "Chars", f"Top {TOP_TERMS} terms (weight; * must-have)"],
        [[f"{a['title']} ({a['org']})", a["chars"],
          "; ".join(f"{term} {w}{'*' if imp == 'must' else ''}" for term, w, imp in a["terms"])] for a in ads],
    )  # fmt: skip
    timing = markdown_table(
        ["Ad", "5,000 chars ms", "20,000 chars ms", "Time ratio (4x text)", "Look-ups (20,000)", "Tokens (20,000)",
         "Look-up ratio"],
        [[r["ad"], f"{r['ms5k']:.1f}", f"{r['ms20k']:.1f}", f"{r['timeRatio']:.1f}", r["lookups20k"], r["tokens20k"],
          f"{r['lookupRatio']:.2f}"] for r in cost],
    )  # fmt: skip
    coverage_line = (
        f"Sample resume and ad (tests/resume_files.py, offline writer): coverage {sample['before']}% -> "
        f"{sample['after']}%; gained {', '.join(sample['gained']) or '-'}; add only if true: "
        f"{', '.join(sample['addIfTrue']) or '-'}; {sample['changes']} changes, {sample['flags']} flags."
    )
    source = f"{len(ads)} real ads from {CORPUS.name}" if ads else f"no corpus at {CORPUS}"
    text = f"Keyword analysis ({source})\n\n{per_ad}\n\nAnalysis time (best of {RUNS})\n\n{timing}\n\n{coverage_line}"
    return text, {"ads": ads, "cost": cost, "sample": sample}
