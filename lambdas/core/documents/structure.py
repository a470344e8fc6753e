"""A resume as document blocks: the typed lines of the resume model (`core.resume`), wrapped bullet lines joined
and blank lines kept (one `blank` block for a run of them: the space between jobs is part of the layout). The
optimizer rewrites and reorders blocks; the renderers write them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..resume import SECTIONS, LineKind, parse

BlockKind = LineKind
# Heading text as written, for headings the resume model knows ("WORK EXPERIENCE" -> "Work Experience").
KNOWN_HEADINGS = frozenset(SECTIONS)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 1  # heading level (1 = section)
    listed: bool = False  # written as a list item (a bullet, or a marked skills line)


@dataclass
class ResumeStructure:
    blocks: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        """The person's name (the first `name` block), for file names and document titles."""
        return next((b.text for b in self.blocks if b.kind == "name"), None)

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

    def gap_before_text(self, index: int) -> bool:
        """A blank block that separates text (jobs, paragraphs): headings bring their own space in a document."""
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        blank = self.blocks[index].kind == "blank"
        return blank and following is not None and following.kind not in ("heading", "name")

    def with_texts(self, texts: dict[int, str]) -> ResumeStructure:
        return ResumeStructure([replace(b, text=texts[i]) if i in texts else b for i, b in enumerate(self.blocks)])

    def reordered(self, order: dict[int, int]) -> ResumeStructure:
        """`order` maps a destination index to the source index whose block goes there."""
        return ResumeStructure([self.blocks[order.get(i, i)] for i in range(len(self.blocks))])

    def to_text(self) -> str:
        lines: list[str] = []
        for block in self.blocks:
            if block.kind == "blank":
                if lines and lines[-1]:
                    lines.append("")
            elif block.kind in ("name", "heading"):
                if lines and lines[-1]:
                    lines.append("")
                lines.append(block.text.upper() if block.kind == "heading" and block.level == 1 else block.text)
            elif block.listed:
                lines.append(f"- {block.text}")
            else:
                lines.append(block.text)
        return "\n".join(lines).strip() + "\n"


def _heading_text(text: str) -> str:
    bare = text.strip().rstrip(":").strip()
    # "WORK EXPERIENCE" -> "Work Experience"; other capitals (acronyms, names) stay as written.
    return bare.title() if bare.lower() in KNOWN_HEADINGS else bare


def parse_resume(text: str) -> ResumeStructure:
    blocks: list[Block] = []
    for line in parse(text).lines:
        if line.kind == "blank":
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank", ""))
            continue
        if line.continues and blocks:
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {line.text}")
        elif line.kind == "heading":
            blocks.append(Block("heading", _heading_text(line.text), line.level))
        else:
            blocks.append(Block(line.kind, line.text, listed=line.kind == "bullet" or line.marked))
    while blocks and blocks[-1].kind == "blank":
        blocks.pop()
    return ResumeStructure(blocks)
