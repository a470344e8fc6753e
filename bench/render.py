"""Render time per format and size: the editor's export path (parse, render, read back) for 2, 20 and 256 KiB
resumes in PDF and .docx, and for a 256 KiB resume with 12,000 one-character bullets ("- x" lines, the rest a
normal resume)."""

from __future__ import annotations

import time
from typing import Any

from loadtest.texts import resume_text

SIZES_KB = (2, 20, 256)
FORMATS = ("pdf", "docx")
ONE_CHARACTER_BULLETS = 12_000


def one_character_bullets(count: int, total_bytes: int = 256 * 1024) -> str:
    bullets = "\nEXPERIENCE\n" + "- x\n" * count
    return resume_text(total_bytes - len(bullets)) + bullets


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
    label = f"256 KiB with {ONE_CHARACTER_BULLETS:,} one-character bullets"
    rows += [{"input": label, **measure(bullets, output)} for output in FORMATS]
    return rows
