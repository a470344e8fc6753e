"""Download file names from the person's name ("jordan-alvarez-resume.pdf") and, for a result tailored to a job,
the company the ad names ("jordan-alvarez-resume-northwind-labs.pdf").

The company finder is deterministic and small: an explicit "Company:" line, "<Company> is hiring/looking/
seeking", or "at/join/about <Company>"; the first found in the ad's opening wins. Every pattern is bounded."""

from __future__ import annotations

import re
import unicodedata

SCANNED_CHARS = 4_000  # ads name the company in their first paragraphs
MAX_SLUG_CHARS = 40
NOT_IN_SLUGS = re.compile(r"[^a-z0-9]+")
SAFE_FILE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
# Latin letters that Unicode does not decompose into a base letter and a mark.
LATIN_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE",
     "œ": "oe", "Þ": "Th", "þ": "th", "\u0131": "i"}
)  # fmt: skip
COMPANY_WORD = r"[A-Z][\w&'-]{0,30}"
COMPANY = rf"{COMPANY_WORD}(?:[ \t]+(?:&[ \t]+)?{COMPANY_WORD}){{0,3}}"
COMPANY_PATTERNS = (
    re.compile(rf"^[ \t]*(?:company|employer|organi[sz]ation|about the company)[ \t]*:[ \t]*({COMPANY})", re.M | re.I),
    re.compile(rf"\b({COMPANY})[ \t]+is[ \t]+(?:hiring|looking|seeking|searching)\b"),
    re.compile(rf"\b(?:[Aa]t|[Jj]oin|About)[ \t]+({COMPANY})"),
)
# Capitalised words that start a phrase, not a company ("Join our team", "About the role", "At least").
NOT_COMPANIES = frozenset(
    [
        "a",
        "an",
        "the",
        "our",
        "us",
        "you",
        "your",
        "we",
        "this",
        "that",
        "these",
        "least",
        "all",
        "any",
        "every",
        "senior",
        "junior",
        "lead",
        "staff",
        "role",
        "team",
        "position",
        "job",
        "company",
    ]
)


def clean_file_name(name: str | None) -> str | None:
    """A display name only (the type comes from the bytes): no path, no control or odd characters."""
    if not name:
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = SAFE_FILE_NAME.sub("_", base).strip(" .")[:120]
    return cleaned or None


def ascii_fold(text: str) -> str:
    """Zoë Łukasiewicz → Zoe Lukasiewicz: accents dropped, Latin letters without a decomposition spelled out."""
    latin = unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS))
    return latin.encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    return NOT_IN_SLUGS.sub("-", ascii_fold(text).lower()).strip("-")[:MAX_SLUG_CHARS].strip("-")


def company_in(job_description: str) -> str | None:
    """The company a job ad names, or None."""
    opening = job_description[:SCANNED_CHARS]
    for pattern in COMPANY_PATTERNS:
        for match in pattern.finditer(opening):
            words = match[1].split()
            while words and words[0].lower() in NOT_COMPANIES:
                words.pop(0)
            name = " ".join(words).rstrip(".,'")
            if name and name.split()[0].lower() not in NOT_COMPANIES:
                return name
    return None


def resume_file_name(person: str | None, extension: str, company: str | None = None) -> str:
    """'jordan-alvarez-resume.pdf', 'jordan-alvarez-resume-acme.pdf', 'resume.pdf' without a usable name."""
    parts = [slug(person or ""), "resume", slug(company or "")]
    return "-".join(part for part in parts if part) + f".{extension}"
