"""A resume's structure from its plain text: title, section headings, bullet lists and other lines.

Extraction (PDF, DOCX) produces Markdown-like text (`# Heading`, `- bullet`); pasted text and PDFs use many
bullet glyphs and ALL-CAPS or well-known section names as headings. Everything here is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

BlockKind = Literal["title", "heading", "bullet", "text"]

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣\u2013\u2014●○■□➢➤►✓✔❖]|\d{1,2}[.)])\s+(.*\S)\s*$")
SECTION_NAMES = frozenset(
    {
        "summary",
        "professional summary",
        "profile",
        "about",
        "about me",
        "objective",
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "education",
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "competencies",
        "core competencies",
        "projects",
        "selected projects",
        "certifications",
        "certificates",
        "awards",
        "achievements",
        "publications",
        "languages",
        "interests",
        "volunteering",
        "volunteer experience",
        "references",
        "contact",
    }
)
MAX_HEADING_WORDS = 5


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 1  # heading level (1 = section)


@dataclass
class ResumeStructure:
    blocks: list[Block] = field(default_factory=list)

    def bullet_indexes(self) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.kind == "bullet"]

    def section_of(self, index: int) -> str | None:
        for block in reversed(self.blocks[:index]):
            if block.kind == "heading":
                return block.text
        return None

    def bullet_groups(self) -> list[list[int]]:
        """Runs of consecutive bullets (one list under one heading or job)."""
        groups: list[list[int]] = []
        previous = -2
        for index in self.bullet_indexes():
            if index == previous + 1 and groups:
                groups[-1].append(index)
            else:
                groups.append([index])
            previous = index
        return groups

    def with_texts(self, texts: dict[int, str]) -> ResumeStructure:
        return ResumeStructure([replace(b, text=texts[i]) if i in texts else b for i, b in enumerate(self.blocks)])

    def reordered(self, order: dict[int, int]) -> ResumeStructure:
        """`order` maps a destination index to the source index whose block goes there."""
        return ResumeStructure([self.blocks[order.get(i, i)] for i in range(len(self.blocks))])

    def to_text(self) -> str:
        lines: list[str] = []
        for block in self.blocks:
            if block.kind in ("title", "heading"):
                if lines:
                    lines.append("")
                lines.append(block.text.upper() if block.kind == "heading" and block.level == 1 else block.text)
            elif block.kind == "bullet":
                lines.append(f"- {block.text}")
            else:
                lines.append(block.text)
        return "\n".join(lines).strip() + "\n"


def _is_plain_heading(line: str) -> bool:
    bare = line.strip().rstrip(":").strip()
    if not bare or len(bare.split()) > MAX_HEADING_WORDS or bare[-1] in ".,;":
        return False
    if bare.lower() in SECTION_NAMES:
        return True
    letters = [c for c in bare if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _clean_heading(line: str) -> str:
    bare = line.strip().rstrip(":").strip()
    # "WORK EXPERIENCE" → "Work Experience"; other capitals (acronyms, names) stay as written.
    return bare.title() if bare.lower() in SECTION_NAMES else bare


def parse_resume(text: str) -> ResumeStructure:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = MARKDOWN_HEADING.match(line)
        bullet = BULLET.match(line)
        if heading:
            level = len(heading[1])
            kind: BlockKind = "title" if level == 1 and not blocks else "heading"
            blocks.append(Block(kind, heading[2], max(1, level - 1) if kind == "heading" and level > 1 else 1))
        elif bullet:
            blocks.append(Block("bullet", bullet[1]))
        elif _is_plain_heading(line) and blocks:
            blocks.append(Block("heading", _clean_heading(line)))
        elif not blocks and len(line.split()) <= 6:
            blocks.append(Block("title", line))
        elif blocks and blocks[-1].kind == "bullet" and line[:1].islower():
            # A bullet wrapped onto the next line (common in PDF text): join it back.
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {line}")
        else:
            blocks.append(Block("text", line))
    return ResumeStructure(blocks)
