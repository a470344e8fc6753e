"""Uploaded files: decoding (base64 or data URL) and type detection by content, never by name.

Standard library only: the optimize API handler uses this to refuse bad uploads before a job exists.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile

from ..errors import BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType
from ..models.jobs import DocumentKind

DATA_URL = re.compile(r"^data:(?P<mime>[^;,]*)(?P<params>(?:;[^;,]*)*),(?P<data>.*)$", re.DOTALL)
WHITESPACE = re.compile(r"\s+")

EXTENSIONS: dict[DocumentKind, str] = {"pdf": "pdf", "docx": "docx", "text": "txt"}
CONTENT_TYPES: dict[DocumentKind, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain; charset=utf-8",
}

SUPPORTED = "Upload a PDF, a Word .docx, or a plain-text/Markdown file."
# (magic prefix, what it is) for formats we recognise and refuse.
REFUSED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word .doc (or other Office 97-2003) file; save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; images have no text to optimize"),
    (b"\xff\xd8\xff", "a JPEG image; images have no text to optimize"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a bitmap image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"),
)
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_upload(value: str, max_bytes: int) -> bytes:
    """The file bytes of a base64 string or a `data:[mime];base64,...` URL.

    Refuses empty or malformed input (400) and anything over `max_bytes` once decoded (413), checking the size
    from the encoded length before decoding so an oversized upload costs no memory."""
    text = value.strip()
    if not text:
        raise BadRequest("resume is empty: send the file as base64 or a data: URL.", field="resume")
    if text[:5].lower() == "data:":
        match = DATA_URL.match(text)
        if match is None:
            raise BadRequest("resume is not a valid data: URL (expected data:<type>;base64,<data>).", field="resume")
        if ";base64" not in match["params"].lower():
            raise BadRequest("resume data: URL must be base64-encoded (data:<type>;base64,<data>).", field="resume")
        text = match["data"]
    text = WHITESPACE.sub("", text)
    decoded_size = len(text) * 3 // 4 - text[-2:].count("=")
    if decoded_size > max_bytes:
        raise PayloadTooLarge(
            f"The file is about {decoded_size // 1024} KB; the limit is {max_bytes // 1024} KB.", limitBytes=max_bytes
        )
    # Accept the URL-safe alphabet too (some clients send it); anything else is refused, not skipped.
    text = text.replace("-", "+").replace("_", "/")
    if len(text) % 4:
        text += "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("resume is not valid base64.", field="resume") from None
    if not data:
        raise BadRequest("resume decodes to an empty file.", field="resume")
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            f"The file is {len(data) // 1024} KB; the limit is {max_bytes // 1024} KB.", limitBytes=max_bytes
        )
    return data


def detect_kind(data: bytes) -> DocumentKind:
    """PDF, DOCX or UTF-8/UTF-16 text, judged by the bytes; anything else is 415 with what it looks like."""
    # PDF readers accept the header anywhere in the first KB (some writers put junk before it).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for signature, what in REFUSED_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedMediaType(f"This looks like {what}. {SUPPORTED}")
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise UnsupportedMediaType(f"This looks like a WebP image. {SUPPORTED}")
    decode_text(data)
    return "text"


def _zip_kind(data: bytes) -> DocumentKind:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unprocessable("The file looks like a Word document but is damaged (not a readable ZIP).") from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        what = "an Excel workbook"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation"
    elif "content.xml" in names:
        what = "an OpenDocument file; save it as .docx"
    else:
        what = "a ZIP archive"
    raise UnsupportedMediaType(f"This looks like {what}. {SUPPORTED}")


def decode_text(data: bytes) -> str:
    """Text files: UTF-8 (with or without a byte-order mark) or UTF-16 with its BOM. Binary → 415."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnsupportedMediaType(f"The file is not readable text. {SUPPORTED}") from None
    if b"\x00" in data[:4096]:
        raise UnsupportedMediaType(f"This is a binary file of a type we do not read. {SUPPORTED}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnsupportedMediaType(
            f"The file is neither a PDF, a .docx nor UTF-8 text. {SUPPORTED} (Save text files as UTF-8.)"
        ) from None
