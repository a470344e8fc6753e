"""The one resume model: a resume's text as typed lines with their positions.

Every reader of a resume goes through here: the assistant (which line is a bullet, what section it is in), the
optimizer (what to rewrite, what to keep), the renderers (what is bold, what is a list), the fact and claim guards
(what the person wrote), and — through the shared cases in `tests/spec/resume_lines.json` — the web app's
`frontend/src/lib/resume.ts`, which follows the same rules line for line.

Kinds: `name` (the person, first line of the header), `contact` (email, phone, links, location lines of the
header), `heading` (a section), `role` (role/company/date lines), `bullet` (an achievement, marked or sentence-like
in an experience-like section), `skills` (a list of skills), `other`, `blank`.

The parser is one pass over the lines plus one look-ahead per line; every pattern is anchored and bounded, so the
work is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

LineKind = Literal["name", "contact", "heading", "role", "bullet", "skills", "other", "blank"]

# A bullet marker: ASCII markers and numbers need a space after them ("-5%" and "*args" are not bullets); the
# glyphs word processors and PDF writers use (including private-use ones) may touch the text.
MARKER = re.compile(
    r"^[ \t]*(?:(?:[-*+\u2013\u2014]|\(?\d{1,2}[.)])[ \t]+"
    r"|[\u2022\u00b7\u25aa\u25ab\u25e6\u2023\u2043\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba\u2713\u2714\u2756"
    r"\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\x7f][ \t]*)"
)
# The closing "#"s and blanks are stripped after the match: a lazy group before them backtracks over every
# blank of a long line at every position (quadratic).
MARKDOWN_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(.*)$")
MAX_HEADING_WORDS = 5

# Heading text (lower case, no colon) → the section it starts.
SECTIONS: dict[str, str] = {
    **dict.fromkeys(
        ["summary", "professional summary", "profile", "professional profile", "about", "about me", "objective",
         "career objective", "overview"], "summary"),
    **dict.fromkeys(
        ["experience", "work experience", "professional experience", "relevant experience", "employment",
         "employment history", "work history", "career history", "experience and employment"], "experience"),
    **dict.fromkeys(["education", "education and training", "academic background"], "education"),
    **dict.fromkeys(
        ["skills", "technical skills", "core skills", "key skills", "skills and tools", "competencies",
         "core competencies", "technologies", "tech stack", "tools", "languages and tools"], "skills"),
    **dict.fromkeys(["projects", "selected projects", "personal projects", "side projects"], "projects"),
    **dict.fromkeys(["certifications", "certificates", "licenses", "licenses and certifications"], "certifications"),
    **dict.fromkeys(["awards", "honors", "achievements", "awards and honors"], "awards"),
    **dict.fromkeys(["publications", "talks", "publications and talks"], "publications"),
    **dict.fromkeys(["languages"], "languages"),
    **dict.fromkeys(["interests", "hobbies"], "interests"),
    **dict.fromkeys(
        ["volunteering", "volunteer experience", "volunteer work", "leadership", "activities"], "volunteering"),
    **dict.fromkeys(["references"], "references"),
    **dict.fromkeys(["contact", "contact information", "contact details"], "contact"),
}  # fmt: skip
# Sections whose sentence-like lines are achievements even without a marker.
ACHIEVEMENT_SECTIONS = frozenset({"experience", "projects", "volunteering", None})
LIST_SECTIONS = frozenset({"skills", "languages", "interests"})
# Sections whose marked lines are listings, not achievements to rewrite.
LISTING_SECTIONS = frozenset({"certifications", "references", "contact"})

EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
EMAIL_DOMAIN_CHARS = 1 + 63 + 1 + 63  # "@", a label, ".", a label: enough to tell an address is there
URL = re.compile(r"\b(?:https?://|www\.)\S|\b(?:linkedin\.com|github\.com|gitlab\.com|behance\.net)\b", re.I)
PHONE = re.compile(r"(?<!\w)\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,4}(?!\w)")
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
# A date as role lines write it: "2019", "Jan 2020", "03/2021", "2019 - Present".
DATE = re.compile(
    rf"(?<!\w)(?:(?:{MONTH}[ \t]+)?(?:19|20)\d{{2}}|\d{{1,2}}/(?:19|20)\d{{2}}|present|current|now)(?!\w)", re.I
)
DATE_RANGE = re.compile(rf"{DATE.pattern}[ \t]*(?:-|\u2013|\u2014|to|until)[ \t]*{DATE.pattern}", re.I)
DATE_AT_END = re.compile(rf"{DATE.pattern}\)?[ \t]*$", re.I)
SEPARATOR = re.compile(r"[ \t](?:\||\u2014|\u2013|-|@|\u00b7|\u2022)[ \t]|\t")
SKILLS_LABEL = re.compile(r"^([A-Za-z][\w &/+().-]{0,40}?)[ \t]*:[ \t]*(\S.*)$")
LIST_SPLIT = re.compile(r"[,;|\u2022\u00b7]")
SENTENCE_WORDS = 6  # an unmarked line this long in an experience-like section is an achievement
ROLE_MAX_WORDS = 16


@dataclass(frozen=True)
class Line:
    number: int  # 0-based line number in the text
    start: int  # offset of the line's first character
    end: int  # offset just past its last character (the newline excluded)
    kind: LineKind
    text: str  # the content: no bullet marker, no heading hashes, no surrounding blanks
    content_start: int  # offset of `text` in the resume (after the marker)
    marker: str = ""  # what stood before the content ("- ", "• ", "## ")
    level: int = 1  # heading level: 1 = a section
    section: str | None = None  # the section this line is in ("experience", "skills", ...), None before any
    continues: bool = False  # a bullet line that only wraps the bullet before it (PDF text)

    @property
    def marked(self) -> bool:
        """Written with a bullet marker ("- ", "• ", "1. "), whatever its kind."""
        return is_list_marker(self.marker)


@dataclass(frozen=True)
class Resume:
    text: str
    lines: tuple[Line, ...] = field(default_factory=tuple)

    def of_kind(self, *kinds: LineKind) -> list[Line]:
        return [line for line in self.lines if line.kind in kinds]

    def bullets(self) -> list[Line]:
        """Achievements, wrapped continuation lines left out."""
        return [line for line in self.lines if line.kind == "bullet" and not line.continues]

    @property
    def name(self) -> str | None:
        return next((line.text for line in self.lines if line.kind == "name"), None)

    def sections(self) -> set[str]:
        return {line.section for line in self.lines if line.kind == "heading" and line.section}

    def line_at(self, offset: int) -> Line | None:
        for line in self.lines:
            if line.start <= offset <= line.end:
                return line
        return None

    def find(self, selection: str) -> Line | None:
        """The line a selection was taken from: the line whose content it is, else the first that contains it."""
        wanted = " ".join(clean(selection).split())
        if not wanted:
            return None
        containing = None
        for line in self.lines:
            content = " ".join(line.text.split())
            if content == wanted:
                return line
            if containing is None and wanted in content:
                containing = line
        return containing


def clean(text: str) -> str:
    """A line's content: no bullet marker, single spaces, no closing period."""
    text = MARKER.sub("", text.strip(), count=1)
    return " ".join(text.split()).rstrip(".;")


def strip_marker(line: str) -> tuple[str, str]:
    """(marker, content) of one raw line."""
    if heading := MARKDOWN_HEADING.match(line):
        return line[: heading.start(2)], heading[2].rstrip(" \t").rstrip("#").rstrip(" \t")
    if marker := MARKER.match(line):
        return marker[0], line[marker.end() :].rstrip()
    stripped = line.strip()
    return line[: len(line) - len(line.lstrip())], stripped


def is_list_marker(marker: str) -> bool:
    return bool(marker.strip()) and not marker.lstrip().startswith("#")


def section_of_heading(text: str) -> str | None:
    return SECTIONS.get(" ".join(text.strip().rstrip(":").lower().replace("&", "and").split()))


def is_plain_heading(text: str) -> bool:
    bare = text.strip().rstrip(":").strip()
    if not bare or len(bare.split()) > MAX_HEADING_WORDS or bare[-1] in ".,;!?" or has_email(bare):
        return False
    if section_of_heading(bare):
        return True
    letters = [c for c in bare if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and not DATE.search(bare)


def is_contact(text: str) -> bool:
    return bool(has_email(text) or URL.search(text) or _phone(text))


def has_email(text: str) -> bool:
    """Whether EMAIL matches somewhere, tried only at each "@" (a plain search tries up to 64 local-part characters
    at every position: 16 million steps on a 256 KiB line). One local-part character before the "@" is enough."""
    at = text.find("@", 1)
    while at != -1:
        if EMAIL.match(text, at - 1, at + EMAIL_DOMAIN_CHARS):
            return True
        at = text.find("@", at + 1)
    return False


def _phone(text: str) -> bool:
    # Seven digits or more, and not a span of years ("2019-2024").
    return any(
        sum(c.isdigit() for c in m[0]) >= 7 and not DATE_RANGE.fullmatch(m[0].strip("() "))
        for m in PHONE.finditer(text)
    )


def is_skills_list(text: str) -> bool:
    """'Languages: Python, Go, SQL' or 'Python, Go, SQL, Docker': short items, at least three of them."""
    labelled = SKILLS_LABEL.match(text)
    items = [item.strip() for item in LIST_SPLIT.split(labelled[2] if labelled else text)]
    items = [item for item in items if item]
    return len(items) >= 3 and all(len(item.split()) <= 4 and not item.endswith(".") for item in items)


def is_role_line(text: str) -> bool:
    """'Senior Engineer, Acme Corp — 2019-Present', 'Acme Corp | Berlin | Jan 2020 - Mar 2022'.

    A date range makes a role line; otherwise it is mostly capitalised words (titles, employers, places) with a
    date at its end or separators between its parts. 'Led the move to Kubernetes in 2021' is an achievement."""
    words = text.split()
    if len(words) > ROLE_MAX_WORDS or text.endswith(".") or not text[:1].isalnum():
        return False
    if DATE_RANGE.search(text):
        return True
    alphabetic = [w for w in words if w[:1].isalpha()]
    if sum(w[:1].isupper() for w in alphabetic) * 2 < len(alphabetic):
        return False
    return bool(DATE_AT_END.search(text)) or (len(words) <= 12 and bool(SEPARATOR.search(text)))


def _sentence_like(text: str, min_words: int) -> bool:
    return len(text.split()) >= min_words and text[:1].isalpha()


def parse(text: str, *, header: bool = True) -> Resume:
    """The typed lines of `text`. `header=False` reads a lone excerpt (a selection): no name or header block."""
    raw_lines = text.split("\n")
    offsets = []
    at = 0
    for raw in raw_lines:
        offsets.append(at)
        at += len(raw) + 1
    lines: list[Line] = []
    section: str | None = None
    seen_heading = False
    seen_name = not header
    in_header = header  # the lines under the name, until the first heading or bullet
    min_words = SENTENCE_WORDS if header else 3
    # Before its first section a resume with sections has its header and intro, not achievements.
    intro_until_section = header and any(_names_a_section(raw) for raw in raw_lines)
    for number, raw in enumerate(raw_lines):
        raw = raw.rstrip("\r")
        start = offsets[number]
        marker, content = strip_marker(raw)
        content_start = start + len(marker)
        kind: LineKind
        level = 1
        continues = False
        is_bullet = is_list_marker(marker)
        heading = MARKDOWN_HEADING.match(raw)
        if not content.strip():
            kind = "blank"
        elif heading and len(heading[1]) == 1 and not seen_name and not seen_heading:
            kind, seen_name = "name", True
        elif heading and len(heading[1]) >= 3 and not section_of_heading(content) and is_role_line(content):
            kind = "role"  # "### Staff Designer — Studio Nord (2020-2023)"; a .docx role styled as a heading
        elif heading:
            kind, level = "heading", max(1, len(heading[1]) - 1)
            section, seen_heading = section_of_heading(content) or (section if level > 1 else None), True
        elif not is_bullet and is_plain_heading(content) and (seen_name or section_of_heading(content)):
            kind, section, seen_heading = "heading", section_of_heading(content), True
        elif not seen_name and not is_bullet and _looks_like_name(content):
            kind, seen_name = "name", True
        elif (
            (in_header and (is_contact(content) or (not is_bullet and _header_detail(content))))
            or section == "contact"
            or (not is_bullet and is_contact(content) and len(content.split()) <= 8)
        ):
            kind = "contact"
        elif section in LIST_SECTIONS or (is_skills_list(content) and not DATE.search(content)):
            kind = "skills"
        elif is_bullet and section == "education" and is_role_line(content):
            kind = "role"  # "- BSc Computer Science, TU Berlin (2018)"
        elif is_bullet:
            kind = "other" if section in LISTING_SECTIONS else "bullet"
        elif lines and lines[-1].kind == "bullet" and content[:1].islower() and section != "summary":
            kind, continues = "bullet", True  # a bullet wrapped onto the next line (PDF text)
        elif section != "summary" and is_role_line(content):
            kind = "role"
        elif (
            section in ACHIEVEMENT_SECTIONS
            and _sentence_like(content, min_words)
            and not (section is None and intro_until_section and not seen_heading)
        ):
            kind = "bullet"
        elif (
            section != "summary"
            and content[:1].isupper()
            and len(content.split()) <= 10
            and _leads_a_list(raw_lines, number)
        ):
            kind = "role"
        else:
            kind = "other"
        lines.append(
            Line(
                number=number,
                start=start,
                end=start + len(raw),
                kind=kind,
                text=content.strip(),
                content_start=content_start,
                marker=marker,
                level=level,
                section=section,
                continues=continues,
            )
        )
        seen_name = seen_name or kind != "blank"
        in_header = in_header and kind in ("name", "contact", "blank")
    return Resume(text=text, lines=tuple(lines))


def _names_a_section(raw: str) -> bool:
    _marker, content = strip_marker(raw)
    return not MARKER.match(raw) and section_of_heading(content) is not None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 6
        and not any(c.isdigit() for c in text)
        and not is_contact(text)
        and not text.endswith((".", ":"))
        and text[:1].isupper()
    )


def _header_detail(text: str) -> bool:
    """Header lines under the name: a location or a headline ('Berlin, Germany | Remote', 'Backend Engineer')."""
    words = text.split()
    if text.endswith(".") or len(words) > 8:
        return False
    return bool(SEPARATOR.search(text)) or "," in text or (len(words) <= 5 and all(w[:1].isupper() for w in words))


def _leads_a_list(raw_lines: list[str], number: int) -> bool:
    """A short unmarked line directly above a marked bullet is the role that bullet belongs to."""
    for following in raw_lines[number + 1 : number + 3]:
        if following.strip():
            return bool(MARKER.match(following)) and not MARKDOWN_HEADING.match(following)
    return False


def selection_line(selection: str, resume: Resume | None = None) -> Line | None:
    """The typed line a selection stands for: found in the resume, else read on its own (no header rules)."""
    if resume is not None and (found := resume.find(selection)):
        return found
    lone = [line for line in parse(selection.strip(), header=False).lines if line.kind != "blank"]
    return lone[0] if len(lone) == 1 else None
