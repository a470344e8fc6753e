"""A resume as a PDF: one clean single-column layout that applicant tracking systems read well.

Real text in reading order (no images, no columns, no tables), Liberation Sans with Droid Sans Fallback for
Chinese, Japanese and Korean, both embedded as subsets (fonts/README.md). A heading or a role line is never the
last line of a page: it moves to the next page with the first line of what follows it. The layout numbers are
shared with the web app's Preview (frontend/src/lib/preview.ts), which draws the same lines.

fpdf2 is imported inside `render_pdf`: only the functions that render load it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import PayloadTooLarge
from ..models.jobs import PageSize
from .structure import Block, ResumeStructure

FONTS = Path(__file__).parent / "fonts"
SANS = "LiberationSans"
CJK = "DroidSansFallback"
# Unicode blocks Liberation Sans lacks and Droid Sans Fallback has: CJK symbols, kana, hangul, ideographs.
NEEDS_CJK = re.compile(r"[\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]")
# Characters no font draws and no reader wants: controls (DEL too) and the private-use glyphs of PDF bullets.
NOT_DRAWN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]")

PAGE_FORMATS: dict[PageSize, str] = {"letter": "Letter", "a4": "A4"}
MAX_PAGES = 500  # MAX_RENDER_BLOCKS lines fit in about 410 pages; a limit checked page by page
MARGIN_X = 54.0  # points (0.75 in)
MARGIN_Y = 48.0
BULLET = "\u2022"
BULLET_INDENT = 8.0  # from the left margin to the bullet glyph
TEXT_INDENT = 20.0  # from the left margin to a bullet's text (and its wrapped lines)
RULE_GAP = 3.0  # below a heading's text, above its rule
KEEP_CHAIN = 3  # a heading, a role and a line of what follows stay together (longer chains may part)


@dataclass(frozen=True)
class TextStyle:
    size: float  # points
    bold: bool
    line_height: float  # points
    space_before: float  # points, left out at the top of a page
    space_after: float = 0
    keep_with_next: bool = False

    def height(self, at_top: bool = False) -> float:
        """Of one line of this style, with its spacing."""
        return (0 if at_top else self.space_before) + self.line_height + self.space_after


STYLES: dict[str, TextStyle] = {
    "name": TextStyle(18, True, 22, 0),
    "contact": TextStyle(10, False, 13, 0),
    "heading": TextStyle(11.5, True, 15, 12, RULE_GAP + 1, keep_with_next=True),
    "role": TextStyle(10.5, True, 14, 6, keep_with_next=True),
    "body": TextStyle(10.5, False, 14, 0),
    "blank": TextStyle(10.5, False, 7, 0),
}


def style_of(block: Block) -> TextStyle:
    return STYLES.get(block.kind, STYLES["body"])


def printable(text: str) -> str:
    return NOT_DRAWN.sub("", text.replace("\t", " "))


def person(structure: ResumeStructure) -> str:
    return printable(structure.name or "")


def document_title(structure: ResumeStructure) -> str:
    name = person(structure)
    return f"{name} \u2014 Resume" if name else "Resume"


def render_pdf(structure: ResumeStructure, page_size: PageSize = "letter", max_pages: int = MAX_PAGES) -> bytes:
    """The PDF of `structure`; more than `max_pages` pages is a 413, found while rendering."""
    from fpdf import FPDF  # the functions that render only

    pdf = FPDF(unit="pt", format=PAGE_FORMATS[page_size])
    pdf.set_margins(MARGIN_X, MARGIN_Y, MARGIN_X)
    pdf.set_auto_page_break(True, MARGIN_Y)
    pdf.add_font(SANS, "", FONTS / "LiberationSans-Regular.ttf")
    pdf.add_font(SANS, "B", FONTS / "LiberationSans-Bold.ttf")
    texts = [printable(block.text) for block in structure.blocks]
    if any(NEEDS_CJK.search(text) for text in texts):  # the large font is parsed only when it is needed
        pdf.add_font(CJK, "", FONTS / "DroidSansFallback.ttf")
        pdf.set_fallback_fonts([CJK], exact_match=False)
    pdf.set_title(document_title(structure))
    pdf.set_author(person(structure))
    pdf.set_creator("Resume Chat")
    pdf.set_creation_date(datetime.now(UTC))
    pdf.add_page()
    blocks = structure.blocks
    for index, (block, text) in enumerate(zip(blocks, texts, strict=True)):
        if pdf.page > max_pages:
            raise PayloadTooLarge(
                f"This resume runs past {max_pages} pages as a PDF; shorten it or export .txt.", limitPages=max_pages
            )
        style = style_of(block)
        at_top = pdf.get_y() <= MARGIN_Y + 0.01
        needed = style.height(at_top) + _kept_with(blocks, index)
        if not at_top and pdf.will_page_break(needed):
            pdf.add_page()
        elif not at_top:
            pdf.ln(style.space_before)
        if block.kind == "blank":
            pdf.ln(style.line_height)
            continue
        pdf.set_font(SANS, "B" if style.bold else "", style.size)
        if block.kind == "heading":
            text = text.upper()  # capitals read back as a heading whatever its words (resume.is_plain_heading)
        if block.listed:
            pdf.set_x(MARGIN_X + BULLET_INDENT)
            pdf.cell(TEXT_INDENT - BULLET_INDENT, style.line_height, BULLET)
            pdf.set_left_margin(MARGIN_X + TEXT_INDENT)
            _write(pdf, text, style.line_height)
            pdf.set_left_margin(MARGIN_X)
            pdf.set_x(MARGIN_X)
        else:
            _write(pdf, text, style.line_height)
        if block.kind == "heading":
            y = pdf.get_y() + RULE_GAP - style.line_height * 0.15
            pdf.set_line_width(0.6)
            pdf.line(MARGIN_X, y, pdf.w - MARGIN_X, y)
        pdf.ln(style.space_after)
    return bytes(pdf.output())


def _write(pdf: Any, text: str, line_height: float) -> None:
    """One line as a cell (fast); text wider than the column wraps in a multi-cell (about 3x the work)."""
    if pdf.get_string_width(text) < pdf.epw - (pdf.get_x() - pdf.l_margin) - 2 * pdf.c_margin:
        pdf.cell(0, line_height, text, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, line_height, text, new_x="LMARGIN", new_y="NEXT")


def _kept_with(blocks: list[Block], index: int) -> float:
    """The height that must follow block `index` on its page: the kept blocks after it and one more line."""
    height = 0.0
    for step in range(KEEP_CHAIN):
        if not style_of(blocks[index + step]).keep_with_next or index + step + 1 >= len(blocks):
            break
        height += style_of(blocks[index + step + 1]).height()
    return height
