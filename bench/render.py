"""Render time per format and size: the editor's export path (parse, render, read back) for 2, 20 and 256 KiB
resumes in PDF and .docx, and for 256 KiB of one-character bullets (12,000 "- x" lines between filler)."""

from __future__ import annotations

import time
from typing import Any

from loadtest.texts import resume_text

SIZES_KB = (2, 20, 256)
FORMATS = ("pdf", "docx")
ONE_CHARACTER_BULLETS = 12_000


def one_character_bullets(count: int) -> str:
    return "Jordan Example\n\nEXPERIENCE\n" + "- x\n" * count


def measure(text: str, output: str) -> dict[str, Any]:
    from core.documents.readback import read_back
    from core.documents.render import render
    from core.documents.structure import parse_resume

    started = time.perf_counter()
    structure = parse_resume(text)
    parsed = time.perf_counter()
    rendered = render(structure, output)  # type: ignore[arg-type]
    drawn = time.perf_counter()
    report = read_back(rendered, structure)
    checked = time.perf_counter()
    return {
        "format": output,
        "textBytes": len(text.encode()),
        "blocks": len(structure.blocks),
        "fileBytes": len(rendered.data),
        "parseMs": (parsed - started) * 1000,
        "renderMs": (drawn - parsed) * 1000,
        "readBackMs": (checked - drawn) * 1000,
        "totalMs": (checked - started) * 1000,
        "readBack": report.summary,
    }


def measure_rendering() -> list[dict[str, Any]]:
    measure(resume_text(2048), "pdf")  # fonts and modules loaded once, outside the figures
    rows = []
    for kb in SIZES_KB:
        text = resume_text(kb * 1024)
        rows += [{"input": f"{kb} KiB resume", **measure(text, output)} for output in FORMATS]
    bullets = one_character_bullets(ONE_CHARACTER_BULLETS)
    rows += [{"input": f"{ONE_CHARACTER_BULLETS:,} one-character bullets", **measure(bullets, o)} for o in FORMATS]
    return rows
