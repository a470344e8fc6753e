"""Text of an uploaded resume, as Markdown-like lines (`# Heading`, `- bullet`) the structure parser reads.

pypdf and python-docx are imported inside the functions: only the ai-worker ever loads them.
"""

from __future__ import annotations

import io
import logging
import re

from ..errors import PayloadTooLarge, Unprocessable
from ..models.jobs import DocumentKind
from ..resume import MARKER
from .upload import decode_text

MAX_PDF_PAGES = 20
# Fewer words than this is not a resume we can work on (typically a scanned PDF: images, no text layer).
MIN_RESUME_WORDS = 30
# About twenty dense pages: far beyond any resume, and keeps a job's report well inside one DynamoDB item.
MAX_RESUME_CHARS = 50_000
WORD = re.compile(r"\w+")


def extract_text(data: bytes, kind: DocumentKind) -> str:
    if kind == "pdf":
        text = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    else:
        text = decode_text(data)
    text = normalize_text(text)
    require_resume_text(text, kind)
    return text


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


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # the worker only

    # pypdf logs (and warns) about every oddity of a damaged file; what matters is raised below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unprocessable("The PDF is password-protected: remove the password and upload it again.")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except Unprocessable:
        raise
    except Exception:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damaged files
        raise Unprocessable(
            "The PDF could not be read: the file is damaged or incomplete. Export it again or upload a .docx."
        ) from None
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx  # the worker only

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors... on damaged packages
        raise Unprocessable(
            "The Word document could not be read: the file is damaged. Save it again as .docx and retry."
        ) from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title":
            lines.append(f"# {text}")
        elif style.startswith("Heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            lines.append(f"{'#' * min(level + 1, 6)} {text}")
        elif "List" in style or (paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None):
            lines.append(f"- {text}")
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines)
