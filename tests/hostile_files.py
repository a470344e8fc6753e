"""Hostile inputs shared by the tests and `bench hostile`: number-dense texts, upload bombs, the worst job ad.

Each comes with an ordinary input of the same size, so a test or a benchmark can compare the work of both.
"""

from __future__ import annotations

from .resume_files import RESUME_LINES

KIB = 1024

# Number-dense texts that made the fact guard quadratic (dash ranges, dotted codes, phone-like codes), and
# neighbours that stress its other passes (bare numbers, list markers, conversation references).
NUMBER_DENSE_PATTERNS = {
    "dash ranges": "1-",
    "dotted code": "1.",
    "phone codes": "555-123-",
    "bare numbers": "1 ",
    "list markers": "1.\n",
    "references": "option 1 ",
}


def repeated(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def normal_text(size: int = 256 * KIB) -> str:
    """An ordinary resume (a few numbers per line) repeated to `size` characters."""
    return repeated("\n".join(RESUME_LINES) + "\n", size)


def number_dense_texts(size: int = 256 * KIB) -> dict[str, str]:
    return {name: repeated(pattern, size) for name, pattern in NUMBER_DENSE_PATTERNS.items()}
