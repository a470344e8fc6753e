"""Text of an uploaded resume, as Markdown-like lines (`# Heading`, `- bullet`) the structure parser reads.

pypdf and python-docx are imported inside the functions: only the ai-worker ever loads them.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from ..errors import AppError, PayloadTooLarge, Unprocessable
from ..models.jobs import DocumentKind
from ..resume import MARKER
from .upload import decode_text

# Budgets of one extraction, enforced while reading (a file that inflates to megabytes of text stops early).
MAX_PDF_PAGES = 20
MAX_CONTENT_STREAM_BYTES = 1 << 20  # one page's content once inflated; a resume page has 5-50 KB
MAX_CONTENT_BYTES = 2 << 20  # all pages' content together (a stream shared by pages counts for each)
MAX_DOCX_PARAGRAPHS = 5_000  # paragraphs and table cells
MAX_DOCX_PART_BYTES = 4 << 20  # one XML part of the package, inflated (document.xml of a resume: 20-300 KB)
MAX_DOCX_PACKAGE_BYTES = 32 << 20  # every part together, inflated (images included)
MAX_DOCX_PARTS = 1_000
# Fewer words than this is not a resume we can work on (typically a scanned PDF: images, no text layer).
MIN_RESUME_WORDS = 30
# About twenty dense pages: far beyond any resume, and keeps a job's report well inside one DynamoDB item.
MAX_RESUME_CHARS = 50_000
WORD = re.compile(r"\w+")
FLATE = "/FlateDecode"


@dataclass
class Budget:
    """The limits of one extraction and what it has read so far (tests assert bounds on the counts)."""

    max_chars: int = MAX_RESUME_CHARS
    max_pages: int = MAX_PDF_PAGES
    max_content_stream_bytes: int = MAX_CONTENT_STREAM_BYTES
    max_content_bytes: int = MAX_CONTENT_BYTES
    max_paragraphs: int = MAX_DOCX_PARAGRAPHS
    max_part_bytes: int = MAX_DOCX_PART_BYTES
    max_package_bytes: int = MAX_DOCX_PACKAGE_BYTES
    chars: int = 0
    pages_opened: int = 0
    content_bytes: int = 0  # PDF content inflated
    paragraphs_read: int = 0

    def add_text(self, text: str) -> None:
        """Count a piece of text as normalized (runs of white space are one character), failing past the budget."""
        self.chars += sum(len(word) + 1 for word in text.split())
        if self.chars > self.max_chars:
            raise PayloadTooLarge(
                f"This file holds more than {self.max_chars} characters of text; a resume can have at most "
                f"{self.max_chars}.",
                limitChars=self.max_chars,
            )


def extract_text(data: bytes, kind: DocumentKind, budget: Budget | None = None) -> str:
    """The text of an uploaded resume; refuses files that are not a resume's worth of text."""
    text = read_text(data, kind, budget or Budget())
    require_resume_text(text, kind)
    return text


def read_text(data: bytes, kind: DocumentKind, budget: Budget) -> str:
    """The text of a PDF, .docx or text file as Markdown-like lines, within `budget`."""
    if kind == "pdf":
        text = _pdf_text(data, budget)
    elif kind == "docx":
        text = _docx_text(data, budget)
    else:
        text = decode_text(data)  # already in memory, and at most the upload limit
        budget.add_text(text)
    return normalize_text(text)


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def require_resume_text(text: str, kind: DocumentKind) -> None:
    """A resume has at least MIN_RESUME_WORDS words and at most MAX_RESUME_CHARS characters of text."""
    if len(text) > MAX_RESUME_CHARS:
        raise PayloadTooLarge(
            f"This file holds {len(text)} characters of text; a resume can have at most {MAX_RESUME_CHARS}.",
            limitChars=MAX_RESUME_CHARS,
        )
    words = word_count(text)
    if words >= MIN_RESUME_WORDS:
        return
    if kind == "pdf":
        hint = "It may be a scanned image without a text layer: export a text PDF or upload a .docx or .txt."
    elif kind == "docx":
        hint = "The document has (almost) no text."
    else:
        hint = "Paste or upload the full resume."
    raise Unprocessable(
        f"We could read only {words} words from this file; a resume needs at least {MIN_RESUME_WORDS}. {hint}",
        words=words,
    )


def normalize_text(text: str) -> str:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").split())
        # Every bullet marker the resume model knows (private-use PDF glyphs too) becomes a Markdown bullet.
        line = MARKER.sub("- ", line, count=1)
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _pdf_text(data: bytes, budget: Budget) -> str:
    from pypdf import PdfReader  # the worker only

    # pypdf logs (and warns) about every oddity of a damaged file; what matters is raised below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unprocessable("The PDF is password-protected: remove the password and upload it again.")
        for number, page in enumerate(reader.pages):
            if number >= budget.max_pages:
                break  # a resume's text is on its first pages
            budget.pages_opened += 1
            _check_content_size(page, budget)
            text = page.extract_text() or ""
            budget.add_text(text)
            pages.append(text)
    except AppError:
        raise
    except Exception:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damaged files
        raise Unprocessable(
            "The PDF could not be read: the file is damaged or incomplete. Export it again or upload a .docx."
        ) from None
    return "\n".join(pages)


def _check_content_size(page: Any, budget: Budget) -> None:
    """Inflate the page's content streams (and its forms') only up to the budget, before any is parsed."""
    streams: list[Any] = []
    contents = page.get("/Contents")
    if contents is not None:
        contents = contents.get_object()
        streams += [c.get_object() for c in contents] if isinstance(contents, list) else [contents]
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    streams += [x for x in (xobjects[name].get_object() for name in xobjects) if x.get("/Subtype") == "/Form"]
    for stream in streams:
        allowed = min(budget.max_content_stream_bytes, budget.max_content_bytes - budget.content_bytes)
        size = _inflated_size(stream, allowed + 1)
        budget.content_bytes += size
        if size > budget.max_content_stream_bytes:
            raise PayloadTooLarge(
                f"A page of this PDF has more than {budget.max_content_stream_bytes // 1024} KB of drawing "
                f"instructions; a resume page has far less. Export the PDF again or upload a .docx.",
                limitBytes=budget.max_content_stream_bytes,
            )
        if budget.content_bytes > budget.max_content_bytes:
            raise PayloadTooLarge(
                f"This PDF's pages hold more than {budget.max_content_bytes // 1024} KB of drawing instructions; "
                f"a resume has far less. Export the PDF again or upload a .docx.",
                limitBytes=budget.max_content_bytes,
            )


def _inflated_size(stream: Any, limit: int) -> int:
    """The stream's decoded size, inflating at most `limit` bytes of it (Flate, the usual filter)."""
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    raw = getattr(stream, "_data", b"") or b""
    if not filters:
        return len(raw)
    if filters == [FLATE]:
        return len(zlib.decompressobj().decompress(raw, limit))
    return len(stream.get_data())  # rare filters: pypdf's own decoders (and their limits)


def _docx_text(data: bytes, budget: Budget) -> str:
    import docx  # the worker only
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_package(data, budget)
    try:
        document = docx.Document(io.BytesIO(data))
        style_names = {style.style_id: style.name or "" for style in document.styles}
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors... on damaged packages
        raise Unprocessable(
            "The Word document could not be read: the file is damaged. Save it again as .docx and retry."
        ) from None
    lines: list[str] = []
    body = document._body

    def count_paragraph() -> None:
        budget.paragraphs_read += 1
        if budget.paragraphs_read > budget.max_paragraphs:
            raise PayloadTooLarge(
                f"This document has more than {budget.max_paragraphs} paragraphs; a resume has far fewer.",
                limitParagraphs=budget.max_paragraphs,
            )

    # In reading order, one element at a time: the budget stops a huge body early.
    for element in document.element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        if element.tag == qn("w:tbl"):
            for row in Table(element, body).rows:
                cells: list[str] = []
                for cell in row.cells:
                    count_paragraph()
                    if (text := cell.text.strip()) and text not in cells:
                        cells.append(text)
                if cells:
                    line = " | ".join(cells)
                    budget.add_text(line)
                    lines.append(line)
            continue
        count_paragraph()
        paragraph = Paragraph(element, body)
        text = paragraph.text.strip()
        if not text:
            continue
        budget.add_text(text)
        properties = element.pPr
        style = style_names.get(properties.style if properties is not None else None, "")
        if style == "Title":
            lines.append(f"# {text}")
        elif style.startswith("Heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            lines.append(f"{'#' * min(level + 1, 6)} {text}")
        elif "List" in style or (properties is not None and properties.numPr is not None):
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return "\n".join(lines)


def _check_package(data: bytes, budget: Budget) -> None:
    """Refuse a package whose parts would inflate past the budget, before any of them is inflated.

    The sizes come from the ZIP directory; zipfile stops reading a part at its declared size (and fails its
    checksum), so a part that lies about its size cannot inflate further than the size checked here."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unprocessable("The Word document is damaged (not a readable ZIP). Save it again as .docx.") from None
    if len(parts) > MAX_DOCX_PARTS:
        raise PayloadTooLarge(
            f"This document has {len(parts)} parts; a resume has far fewer.", limitParts=MAX_DOCX_PARTS
        )
    total = 0
    for part in parts:
        total += part.file_size
        if part.filename.endswith((".xml", ".rels")) and part.file_size > budget.max_part_bytes:
            raise PayloadTooLarge(
                f"A part of this document ({part.filename}) inflates to {part.file_size // 1024} KB; the limit is "
                f"{budget.max_part_bytes // 1024} KB.",
                limitBytes=budget.max_part_bytes,
            )
    if total > budget.max_package_bytes:
        raise PayloadTooLarge(
            f"This document inflates to {total // (1 << 20)} MB; the limit is {budget.max_package_bytes >> 20} MB.",
            limitBytes=budget.max_package_bytes,
        )
