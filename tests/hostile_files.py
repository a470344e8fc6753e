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


# ---------------------------------------------------------------------------------------------- upload bombs

MB = 1024 * 1024
# The sizes reported in issue 14: a 214 KB .docx of 60 MB of paragraphs, a 21 KB PDF of 6 pages sharing one
# 6.5 MB content stream.
DOCX_BOMB_INFLATED = 60 * MB
PDF_BOMB_STREAM = 6_500_000
PDF_BOMB_PAGES = 6


def docx_bomb(inflated: int = DOCX_BOMB_INFLATED) -> bytes:
    """A valid .docx (the ordinary resume first) whose document.xml inflates to about `inflated` bytes of short
    paragraphs: small on the wire, huge once unzipped and parsed."""
    import io
    import zipfile

    from .resume_files import docx_bytes

    normal = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    document = normal.read("word/document.xml").decode("utf-8")
    head, tail = document.rsplit("<w:sectPr", 1)
    sentence = "Responsible for the day to day running of things and people. " * 32
    chunk = f"<w:p><w:r><w:t>{sentence}</w:t></w:r></w:p>" * 50
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in normal.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, normal.read(item))
        with bomb.open("word/document.xml", "w") as part:
            part.write(head.encode())
            for _ in range(max(1, inflated // len(chunk))):
                part.write(chunk.encode())
            part.write(("<w:sectPr" + tail).encode())
    return out.getvalue()


def pdf_bomb(stream_bytes: int = PDF_BOMB_STREAM, pages: int = PDF_BOMB_PAGES) -> bytes:
    """A valid PDF whose `pages` pages all draw one Flate-compressed content stream of about `stream_bytes` bytes
    of text operators: a few KB on the wire, megabytes of text per page once decompressed."""
    import zlib

    line = b"BT /F1 1 Tf 10 10 Td (Responsible for the day to day running of things) Tj ET\n"
    content = zlib.compress(line * max(1, stream_bytes // len(line)), 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        *(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
            for _ in range(pages)
        ),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------- job ads


def unique_words_ad(size: int = 20_000) -> str:
    """The worst job ad for keyword analysis: `size` characters of distinct capitalised words (every one a term)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: list[str] = []
    length = 0
    for n in range(size):
        word = "Q" + "".join(letters[(n // 26**k) % 26] for k in range(4))
        words.append(word)
        length += len(word) + 1
        if length >= size:
            break
    return " ".join(words)[:size]
