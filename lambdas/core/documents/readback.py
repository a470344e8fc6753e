"""Read-back: every generated file is read again with the code that reads uploads (documents/extract.py) before
it is offered. Every word of the resume must be there in order, every heading recognised as one and every list
item as a bullet; otherwise the file is not handed out.

One pass over each word list (the search for a word looks a bounded distance ahead), so the check is linear.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Unprocessable
from ..models.jobs import DocumentKind, OutputFormat, ReadBack
from .extract import Budget, read_text
from .pdf import printable
from .render import MAX_RENDER_BLOCKS, RenderedFile
from .structure import ResumeStructure, parse_resume

WORD = re.compile(r"\w+")
LOOK_AHEAD = 64  # words of the file searched for one resume word (page furniture, a split word)
KINDS: dict[OutputFormat, DocumentKind] = {"pdf": "pdf", "docx": "docx", "txt": "text"}
HINTS = {
    "pdf": "Its fonts cover Latin, Greek, Cyrillic, Chinese, Japanese and Korean; text in other scripts (Arabic, "
    "Hebrew, Devanagari...) needs the .docx export.",
    "docx": "Try another format meanwhile, or remove unusual characters and try again.",
}


class ReadBackFailed(Unprocessable):
    code = "read_back_failed"


def words_of(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def words_in_order(expected: list[str], found: list[str]) -> int:
    """How many of `expected` appear in `found` in the same order (a word broken across lines counts)."""
    matched = position = 0
    for word in expected:
        for at in range(position, min(position + LOOK_AHEAD, len(found))):
            end = _pieces_of(word, found, at)
            if end:
                matched, position = matched + 1, end
                break
    return matched


def _pieces_of(word: str, found: list[str], at: int) -> int:
    """The index past the words of `found` from `at` that spell `word` (a long word wraps into pieces), or 0."""
    joined, end = "", at
    while end < len(found) and end - at < LOOK_AHEAD and word.startswith(joined + found[end], 0):
        joined += found[end]
        end += 1
        if joined == word:
            return end
    return 0


def in_order(expected: list[str], found: list[str]) -> bool:
    remaining = iter(found)
    return all(any(item == candidate for candidate in remaining) for item in expected)


def read_back(rendered: RenderedFile, structure: ResumeStructure) -> ReadBack:
    """The read-back report of `rendered`, the file made from `structure`. Raises ReadBackFailed if it fails."""
    texts = [printable(block.text) for block in structure.blocks]
    expected_words = [word for text in texts for word in words_of(text)]
    budget = Budget(
        max_chars=2 * sum(len(text) + 4 for text in texts) + 1_000,
        max_pages=10_000,  # the renderer's own page limit is lower
        max_content_stream_bytes=1 << 30,
        max_content_bytes=1 << 30,
        max_paragraphs=2 * MAX_RENDER_BLOCKS,
    )
    text = read_text(rendered.data, KINDS[rendered.extension], budget)
    found = parse_resume(text)
    words_found = words_in_order(expected_words, words_of(text))
    expected_headings = [" ".join(words_of(b.text)) for b in structure.blocks if b.kind == "heading"]
    found_headings = [" ".join(words_of(b.text)) for b in found.blocks if b.kind == "heading"]
    expected_bullets = sum(b.listed for b in structure.blocks)
    found_bullets = sum(b.listed for b in found.blocks)
    passed = (
        words_found == len(expected_words)
        and in_order(expected_headings, found_headings)
        and found_bullets == expected_bullets
    )
    summary = f"read-back: {'passed' if passed else 'failed'}, {words_found} of {len(expected_words)} words"
    if found_bullets != expected_bullets:
        summary += f", {found_bullets} of {expected_bullets} bullets"
    report = ReadBack(
        passed=passed,
        wordsFound=words_found,
        wordsTotal=len(expected_words),
        headings=len(found_headings),
        bullets=found_bullets,
        summary=summary,
    )
    if not passed:
        raise ReadBackFailed(
            f"The {rendered.extension.upper()} file did not read back as the resume ({summary}), so it is not "
            f"offered. {HINTS.get(rendered.extension, HINTS['docx'])}",
            readBack=report.model_dump(),
        )
    return report
