"""Upload extraction stops at its budgets while it reads: part sizes and paragraph counts of a .docx, pages and
content-stream sizes of a PDF, characters of both. Each bomb's cost is asserted as a count of what was read."""

from __future__ import annotations

import io

import pytest

from core.documents.extract import (
    MAX_CONTENT_STREAM_BYTES,
    MAX_DOCX_PARAGRAPHS,
    MAX_DOCX_PART_BYTES,
    MAX_PDF_PAGES,
    MAX_RESUME_CHARS,
    Budget,
    extract_text,
)
from core.errors import PayloadTooLarge
from tests.resume_files import (
    RESUME_LINES,
    docx_bytes,
    docx_with_body,
    paragraphs_xml,
    pdf_sharing_one_content_stream,
)


def test_a_docx_part_that_inflates_past_its_limit_is_refused_before_it_is_inflated():
    bomb = docx_with_body(paragraphs_xml(MAX_DOCX_PART_BYTES // 30))  # ~4.5 MB of XML in a ~30 KB file
    assert len(bomb) < 100_000
    budget = Budget()
    with pytest.raises(PayloadTooLarge, match=r"word/document\.xml.*the limit is 4096 KB") as refused:
        extract_text(bomb, "docx", budget)
    assert refused.value.status == 413
    assert budget.paragraphs_read == 0 and budget.chars == 0  # refused from the ZIP directory alone


def test_a_docx_with_too_many_paragraphs_stops_at_the_paragraph_budget():
    bomb = docx_with_body(paragraphs_xml(MAX_DOCX_PARAGRAPHS * 10))  # under the part limit, 50,000 paragraphs
    budget = Budget()
    with pytest.raises(PayloadTooLarge, match=f"more than {MAX_DOCX_PARAGRAPHS} paragraphs"):
        extract_text(bomb, "docx", budget)
    assert budget.paragraphs_read == MAX_DOCX_PARAGRAPHS + 1  # not the 50,000 in the file


def test_a_docx_with_too_much_text_stops_at_the_character_budget():
    line = "Built and operated Python services for payments " * 20  # ~1,000 characters
    bomb = docx_with_body(paragraphs_xml(1_000, line))  # ~1 MB of text
    budget = Budget()
    with pytest.raises(PayloadTooLarge, match=f"at most {MAX_RESUME_CHARS}"):
        extract_text(bomb, "docx", budget)
    assert budget.paragraphs_read == MAX_RESUME_CHARS // (len(line) + 1) + 1  # stopped at the first one over
    assert budget.chars <= MAX_RESUME_CHARS + len(line) + 1


def test_pdf_pages_sharing_a_huge_content_stream_stop_at_the_first_page():
    bomb = pdf_sharing_one_content_stream(pages=6, stream_bytes=6_500_000)
    assert len(bomb) < 100_000
    budget = Budget()
    with pytest.raises(PayloadTooLarge, match="more than 1024 KB of drawing instructions") as refused:
        extract_text(bomb, "pdf", budget)
    assert refused.value.status == 413
    assert budget.pages_opened == 1  # of 6
    assert budget.content_bytes <= MAX_CONTENT_STREAM_BYTES + 1  # inflated no further than the limit


def test_pdf_content_across_pages_has_a_total_budget():
    stream = MAX_CONTENT_STREAM_BYTES * 3 // 4  # each page under the per-page limit, three pages over the total
    budget = Budget()
    with pytest.raises(PayloadTooLarge, match="pages hold more than 2048 KB"):
        extract_text(pdf_sharing_one_content_stream(pages=6, stream_bytes=stream), "pdf", budget)
    assert budget.pages_opened == 3


def test_only_the_first_pages_of_a_long_pdf_are_opened():
    budget = Budget()
    text = extract_text(long_pdf(MAX_PDF_PAGES * 3), "pdf", budget)
    assert budget.pages_opened == MAX_PDF_PAGES
    assert text.count("Jane Doe") == MAX_PDF_PAGES


def long_pdf(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for _ in range(pages):
        for i, line in enumerate(RESUME_LINES):
            pdf.drawString(40, 800 - 16 * i, line.lstrip("# "))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_normal_docx_reads_well_inside_every_budget():
    budget = Budget()
    extract_text(docx_bytes(), "docx", budget)
    assert budget.paragraphs_read == len(RESUME_LINES) and budget.chars < MAX_RESUME_CHARS // 10
