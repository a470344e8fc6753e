"""A resume (optimized, or exported from the editor) as a file: PDF (documents/pdf.py), .docx (python-docx: real
headings, real bulleted lists, neutral black type) or .txt.

Rendering has budgets, checked before and while it works: the text's size is checked by the callers
(MAX_RESUME_BYTES), the number of blocks here, the number of PDF pages page by page."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import PayloadTooLarge
from ..models.jobs import OutputFormat, PageSize
from .pdf import document_title, person, printable, render_pdf
from .structure import ResumeStructure

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES: dict[str, str] = {  # by extension
    "pdf": "application/pdf",
    "docx": DOCX_CONTENT_TYPE,
    "txt": "text/plain; charset=utf-8",
}
# Lines of a resume that can be rendered: 12,000 one-character bullets in a 256 KiB resume are about 15,000 lines.
MAX_RENDER_BLOCKS = 20_000

DOCX_FONT = "Arial"  # the PDF's Liberation Sans has Arial's metrics: both files set the same lines
DOCX_PAGE_INCHES: dict[PageSize, tuple[float, float]] = {"letter": (8.5, 11.0), "a4": (8.27, 11.69)}
DOCX_MARGIN_INCHES = (0.75, 0.65)  # left/right, top/bottom
# Style → (size in points, bold, space before in points): black type, sizes like the PDF's.
DOCX_STYLES: dict[str, tuple[float, bool, float]] = {
    "Normal": (10.5, False, 0),
    "Title": (18, True, 0),
    "Heading 1": (11.5, True, 12),
    "Heading 2": (11, True, 8),
    "Heading 3": (10.5, True, 6),
    "List Bullet": (10.5, False, 0),
}


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    extension: OutputFormat
    content_type: str


def render(structure: ResumeStructure, output_format: OutputFormat, page_size: PageSize = "letter") -> RenderedFile:
    if len(structure.blocks) > MAX_RENDER_BLOCKS:
        raise PayloadTooLarge(
            f"This resume has {len(structure.blocks)} lines; a document can have at most {MAX_RENDER_BLOCKS}.",
            limitBlocks=MAX_RENDER_BLOCKS,
        )
    if output_format == "pdf":
        data = render_pdf(structure, page_size)
    elif output_format == "docx":
        data = render_docx(structure, page_size)
    else:
        data = structure.to_text().encode("utf-8")
    return RenderedFile(data, output_format, CONTENT_TYPES[output_format])


def render_docx(structure: ResumeStructure, page_size: PageSize = "letter") -> bytes:
    import docx  # the worker and the export function only
    from docx.shared import Inches, Pt

    document = docx.Document()
    _neutral_styles(document)
    section = document.sections[0]
    width, height = DOCX_PAGE_INCHES[page_size]
    section.page_width, section.page_height = Inches(width), Inches(height)
    section.left_margin = section.right_margin = Inches(DOCX_MARGIN_INCHES[0])
    section.top_margin = section.bottom_margin = Inches(DOCX_MARGIN_INCHES[1])
    # The template's metadata says python-docx and 2013: the file carries the person's name and today.
    now = datetime.now(UTC).replace(microsecond=0)
    props = document.core_properties
    props.title = document_title(structure)
    props.author = props.last_modified_by = person(structure)
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = now
    props.revision = 1
    add = _paragraph_appender(document)
    for index, block in enumerate(structure.blocks):
        text = printable(block.text)
        if block.kind == "blank":
            if structure.gap_before_text(index):
                add("")  # the space the upload had between jobs
        elif block.kind == "name":
            add(text, "Title")
        elif block.kind == "heading":
            add(text, f"Heading {min(block.level, 3)}")
        elif block.listed:
            add(text, "List Bullet")
        elif block.kind == "role":
            paragraph = add("")
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(text).bold = True
        else:
            add(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_appender(document: Any) -> Callable[..., Any]:
    """Adds a paragraph at the end of the body in constant time.

    python-docx's own `add_paragraph` looks for the section properties among all the body's children and looks
    each style up by name on every call (12,000 bullets took 16 s): the end of the body is right before the
    section properties, and the style ids are looked up once."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    section_properties = document.element.body.get_or_add_sectPr()
    body = document._body
    style_ids = {name: document.styles[name].style_id for name in DOCX_STYLES}

    def add(text: str, style: str | None = None) -> Any:
        element = OxmlElement("w:p")
        section_properties.addprevious(element)
        paragraph = Paragraph(element, body)
        if style:
            element.get_or_add_pPr().style = style_ids[style]
        if text:
            paragraph.add_run(text)
        return paragraph

    return add


def _neutral_styles(document: Any) -> None:
    """Black Arial everywhere: the template's blue theme colours, theme fonts and title border removed."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    for name, (size, bold, space_before) in DOCX_STYLES.items():
        style = styles[name]
        style.font.name = DOCX_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:eastAsia"), DOCX_FONT)
        fonts.set(qn("w:cs"), DOCX_FONT)
        paragraph = style.paragraph_format
        paragraph.space_before = Pt(space_before)
        paragraph.space_after = Pt(2)
        if style.element.pPr is not None and (border := style.element.pPr.find(qn("w:pBdr"))) is not None:
            style.element.pPr.remove(border)
