"""Documents: upload decoding, type by content, text extraction, structure, rendering (keywords: test_keywords)."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from core.documents.extract import MIN_RESUME_WORDS, extract_text
from core.documents.render import render
from core.documents.structure import parse_resume
from core.documents.upload import decode_upload, detect_kind
from core.errors import BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType
from tests.resume_files import (
    RESUME_TEXT,
    b64,
    data_url,
    docx_bytes,
    docx_text,
    pdf_bytes,
    scanned_pdf_bytes,
)

MB = 1024 * 1024

# ---------------------------------------------------------------- decoding


def test_decodes_plain_base64_data_urls_and_the_url_safe_alphabet():
    data = bytes(range(256)) * 3
    assert decode_upload(b64(data), MB) == data
    assert decode_upload(data_url(data, "application/pdf"), MB) == data
    assert decode_upload(base64.urlsafe_b64encode(data).decode().rstrip("="), MB) == data
    wrapped = "\n".join(b64(data)[i : i + 76] for i in range(0, len(b64(data)), 76))
    assert decode_upload(wrapped, MB) == data


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("not base64 at all!", "not valid base64"),
        ("QUJD*REVG", "not valid base64"),
        ("data:application/pdf,JVBERi0=", "must be base64"),
        ("data:application/pdf;base64", "not a valid data: URL"),
        ("data:text/plain;base64,", "empty"),
        ("====", "not valid base64"),
    ],
)
def test_bad_encodings_are_400_with_a_clear_message(value, fragment):
    with pytest.raises(BadRequest) as caught:
        decode_upload(value, MB)
    assert fragment in caught.value.message
    assert caught.value.status == 400


def test_oversize_is_413_before_decoding_and_after():
    with pytest.raises(PayloadTooLarge) as caught:
        decode_upload(b64(b"x" * (MB + 1)), MB)
    assert caught.value.status == 413 and caught.value.extra["limitBytes"] == MB
    assert decode_upload(b64(b"x" * MB), MB) == b"x" * MB  # exactly the limit is fine


# ---------------------------------------------------------------- type by content


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


def test_kind_comes_from_the_bytes_not_the_name():
    assert detect_kind(pdf_bytes()) == "pdf"
    assert detect_kind(docx_bytes()) == "docx"
    assert detect_kind(RESUME_TEXT.encode()) == "text"
    assert detect_kind(b"\xef\xbb\xbf" + RESUME_TEXT.encode()) == "text"  # UTF-8 BOM
    assert detect_kind(RESUME_TEXT.encode("utf-16")) == "text"  # UTF-16 with BOM
    assert detect_kind(b"junk before the header %PDF-1.7 ...") == "pdf"


UNSUPPORTED = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Word .doc"),
    (b"{\\rtf1\\ansi Jane Doe}", "RTF"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "JPEG image"),
    (b"GIF89a" + b"\x00" * 20, "GIF image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP image"),
    (zip_with("xl/workbook.xml"), "Excel workbook"),
    (zip_with("ppt/presentation.xml"), "PowerPoint"),
    (zip_with("readme.txt"), "ZIP archive"),
    (b"\x00\x01\x02\x03binary", "binary file"),
    ("Jäne Döe".encode("latin-1") * 40, "UTF-8"),
]


# Ids by what the file is: the ZIP fixtures embed the current time, so their bytes differ between xdist workers.
@pytest.mark.parametrize(("data", "fragment"), UNSUPPORTED, ids=[fragment for _, fragment in UNSUPPORTED])
def test_unsupported_types_are_415_saying_what_the_file_looks_like(data, fragment):
    with pytest.raises(UnsupportedMediaType) as caught:
        detect_kind(data)
    assert fragment in caught.value.message
    assert "Upload a PDF, a Word .docx, or a plain-text/Markdown file." in caught.value.message


def test_a_damaged_zip_claiming_to_be_a_document_is_422():
    with pytest.raises(Unprocessable, match="damaged"):
        detect_kind(b"PK\x03\x04" + b"\x00" * 64)


# ---------------------------------------------------------------- extraction


def test_pdf_docx_and_markdown_give_the_same_resume_structure():
    from_text = parse_resume(extract_text(RESUME_TEXT.encode(), "text"))
    from_docx = parse_resume(extract_text(docx_bytes(), "docx"))
    from_pdf = parse_resume(extract_text(pdf_bytes(), "pdf"))
    bullets = [b.text for b in from_text.blocks if b.kind == "bullet"]
    assert len(bullets) == 4  # the education line is a role line, not an achievement
    assert [b.text for b in from_docx.blocks if b.kind == "bullet"] == bullets
    assert [b.text for b in from_pdf.blocks if b.kind == "bullet"] == bullets
    assert [b.text for b in from_docx.blocks if b.kind == "heading"] == ["Summary", "Experience", "Education", "Skills"]
    # A role heading of the .docx is the same role line as in the text and the PDF.
    for structure in (from_text, from_docx, from_pdf):
        assert next(b.text for b in structure.blocks if b.kind == "role") == "Software Engineer, Acme GmbH (2019-2024)"
    assert from_docx.blocks[0].kind == "name" and from_docx.blocks[0].text == "Jane Doe"


def test_text_with_a_bom_and_windows_line_endings_extracts_cleanly():
    data = b"\xef\xbb\xbf" + RESUME_TEXT.replace("\n", "\r\n").encode()
    text = extract_text(data, "text")
    assert text.startswith("# Jane Doe\n") and "\r" not in text


def test_a_scanned_pdf_is_a_clear_error_not_a_made_up_resume():
    with pytest.raises(Unprocessable) as caught:
        extract_text(scanned_pdf_bytes(), "pdf")
    assert "scanned image" in caught.value.message and caught.value.extra["words"] == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 2],
        lambda pdf: b"%PDF-1.4\n" + bytes(range(256)) * 20,
        lambda pdf: pdf[:300] + b"\x00" * 600 + pdf[900:],
    ],
)
def test_a_corrupted_pdf_is_422_damaged(damage):
    with pytest.raises(Unprocessable, match="PDF could not be read"):
        extract_text(damage(pdf_bytes()), "pdf")


def test_an_empty_docx_is_422():
    with pytest.raises(Unprocessable) as caught:
        extract_text(docx_bytes([]), "docx")
    assert "no text" in caught.value.message and caught.value.extra["words"] == 0


def test_a_damaged_docx_is_422():
    with pytest.raises(Unprocessable, match="Word document could not be read"):
        extract_text(zip_with("word/document.xml"), "docx")


def test_too_short_text_says_how_many_words_were_found():
    with pytest.raises(Unprocessable) as caught:
        extract_text(b"Jane Doe, engineer", "text")
    assert f"at least {MIN_RESUME_WORDS}" in caught.value.message and caught.value.extra["words"] == 3


def test_structure_handles_pdf_style_text():
    text = (
        "JANE DOE\nWORK EXPERIENCE\n\u2022 Built APIs for the\nbilling platform\n"
        "\u25cf Ran the on-call rota\nEducation:\nBSc"
    )
    structure = parse_resume(text)
    assert [(b.kind, b.text) for b in structure.blocks] == [
        ("name", "JANE DOE"),
        ("heading", "Work Experience"),
        ("bullet", "Built APIs for the billing platform"),  # the wrapped line joins its bullet
        ("bullet", "Ran the on-call rota"),
        ("heading", "Education"),
        ("other", "BSc"),
    ]


# ---------------------------------------------------------------- rendering


def test_docx_has_real_headings_and_bullets_and_the_persons_metadata():
    import docx

    structure = parse_resume(RESUME_TEXT)
    out = render(structure, "docx")
    assert out.extension == "docx" and out.content_type.endswith("wordprocessingml.document")
    paragraphs = docx_text(out.data)
    assert paragraphs[0] == ("Title", "Jane Doe")
    assert ("Heading 1", "Experience") in paragraphs
    assert ("Normal", "Software Engineer, Acme GmbH (2019-2024)") in paragraphs  # a role line, in bold
    assert next(t for s, t in paragraphs if s == "List Bullet").startswith("Wrote Python services")
    props = docx.Document(io.BytesIO(out.data)).core_properties
    # The person's name and today, not the template's "python-docx" and 2013.
    assert props.author == "Jane Doe" and props.title == "Jane Doe \u2014 Resume" and props.comments == ""
    assert props.created is not None and props.created.year >= 2026 and props.last_modified_by == "Jane Doe"
    # and it reads back into the same structure
    assert parse_resume(extract_text(out.data, "docx")).blocks == structure.blocks


def test_txt_rendering():
    out = render(parse_resume(RESUME_TEXT), "txt")
    text = out.data.decode()
    assert out.content_type == "text/plain; charset=utf-8"
    assert "EXPERIENCE\n" in text and "- Wrote Python services" in text


TWO_JOBS = (
    "Jane Doe\njane@example.com\n\nEXPERIENCE\n\n"
    "Staff Engineer | Acme GmbH | 2021 - Present\n- Ran the platform team\n\n\n"
    "Engineer | Initech | 2018 - 2021\n- Built the billing service\n\nSKILLS\nPython, Go, SQL\n"
)


def test_blank_lines_role_lines_and_section_order_survive_the_structure():
    structure = parse_resume(TWO_JOBS)
    kinds = [b.kind for b in structure.blocks]
    # one blank block per run of blank lines, none at the end
    assert kinds == ["name", "contact", "blank", "heading", "blank", "role", "bullet", "blank", "role", "bullet",
                     "blank", "heading", "skills"]  # fmt: skip
    text = structure.to_text()
    assert "Staff Engineer | Acme GmbH | 2021 - Present\n- Ran the platform team\n\nEngineer | Initech" in text
    assert "\n\n\n" not in text and text.index("EXPERIENCE") < text.index("SKILLS")
    assert parse_resume(text).blocks == structure.blocks  # the text reads back into the same blocks


def test_docx_keeps_role_lines_bold_and_the_space_between_jobs():
    import docx

    out = render(parse_resume(TWO_JOBS), "docx")
    paragraphs = docx.Document(io.BytesIO(out.data)).paragraphs
    texts = [p.text for p in paragraphs]
    role = paragraphs[texts.index("Engineer | Initech | 2018 - 2021")]
    assert all(run.bold for run in role.runs)
    assert texts[texts.index("Engineer | Initech | 2018 - 2021") - 1] == ""  # the gap between the two jobs
    assert texts[texts.index("Skills") - 1] != ""  # headings bring their own space
