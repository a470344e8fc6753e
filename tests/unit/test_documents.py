"""Documents: upload decoding, type by content, text extraction, structure, keyword coverage, rendering."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from core.documents.extract import MIN_RESUME_WORDS, extract_text
from core.documents.keywords import EXPLANATION, analyse_job_description, coverage
from core.documents.render import render
from core.documents.structure import parse_resume
from core.documents.upload import decode_upload, detect_kind
from core.errors import BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType
from tests.resume_files import (
    JOB_DESCRIPTION,
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


# ---------------------------------------------------------------- keywords


def test_job_terms_are_weighted_and_explained():
    terms = {t.term: t for t in analyse_job_description(JOB_DESCRIPTION)}
    # 3x in the text, in the requirements → 3 + 2
    assert terms["Python"].weight == 5 and terms["Python"].inRequirements
    assert terms["Python"].why == "3x in the job description; in a requirements line"
    # a repeated phrase gets its bonus; its words are not listed again when they only appear inside it
    assert terms["data pipelines"].weight == 2 + 1 and "a repeated phrase" in terms["data pipelines"].why
    assert "pipelines" not in terms
    assert "AWS Lambda" in terms and "AWS" in terms  # AWS also appears on its own
    # filler words are never terms
    assert not {"experience", "years", "looking", "we"} & {t.lower() for t in terms}
    # deterministic
    assert analyse_job_description(JOB_DESCRIPTION) == analyse_job_description(JOB_DESCRIPTION)


def test_capitalised_pairs_inside_a_sentence_are_names():
    terms = {t.term: t for t in analyse_job_description("Requirements:\n- CI/CD with GitHub Actions or similar.")}
    assert terms["GitHub Actions"].why == "1x in the job description; in a requirements line; a name"
    assert terms["GitHub Actions"].weight == 1 + 2 + 1
    assert "GitHub" not in terms and "Actions" not in terms and "similar" not in terms
    opening = {t.term for t in analyse_job_description("Strong Python Developer wanted")}
    assert "Python Developer" in opening and "Strong Python" not in opening  # a clause's first word is not a name


def test_nice_to_have_lines_are_not_requirements():
    terms = {t.term: t for t in analyse_job_description("Requirements:\n- Go\n\nNice to have: Kafka\n- Rust")}
    assert terms["Go"].inRequirements
    assert not terms["Kafka"].inRequirements and not terms["Rust"].inRequirements


def test_coverage_matches_case_and_plurals_and_adds_up():
    terms = analyse_job_description(JOB_DESCRIPTION)
    result = coverage("Built REST API endpoints in python on aws lambda with Docker and dynamodb", terms)
    matched = {t.term for t in result.matched}
    assert {"Python", "AWS Lambda", "AWS", "DynamoDB", "Docker", "REST APIs"} <= matched
    assert {t.term for t in result.missing} == {t.term for t in terms} - matched
    assert result.totalWeight == sum(t.weight for t in terms)
    assert result.matchedWeight == sum(t.weight for t in result.matched)
    assert result.score == round(100 * result.matchedWeight / result.totalWeight, 1)
    assert "Coverage = weight of the terms found" in EXPLANATION


def test_coverage_of_nothing_is_zero():
    assert coverage("anything", []).score == 0.0


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
