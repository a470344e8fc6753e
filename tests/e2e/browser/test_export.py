"""Export in the browser: the toolbar buttons (by keyboard) download a Word file or a PDF of the editor text, and
the Preview tab shows the resume as the PDF lays it out, line for line, updated as you type."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.browser.conftest import editor, expect_saved, open_session, shot
from tests.e2e.runtime import LocalRuntime
from tests.helpers import new_session_id

RESUME = """Jane Doe
Backend engineer who ships reliable services.

EXPERIENCE
- Built Python services that processed invoices for every customer
- Cut p99 latency by 40% with a DynamoDB redesign
"""


def test_export_docx_downloads_the_editor_text_as_a_word_document(page: Page, runtime: LocalRuntime):
    open_session(page, runtime, new_session_id())
    button = page.get_by_role("toolbar", name="Resume actions").get_by_role("button", name="Export .docx")

    # Nothing to export yet.
    expect(button).to_be_disabled()

    editor(page).fill(RESUME)
    expect_saved(page)
    button.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "jane-doe-resume.docx"  # named after the person
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    assert [(p.style.name if p.style else "", p.text) for p in document.paragraphs] == [
        ("Title", "Jane Doe"),
        ("Normal", "Backend engineer who ships reliable services."),
        ("Heading 1", "Experience"),
        ("List Bullet", "Built Python services that processed invoices for every customer"),
        ("List Bullet", "Cut p99 latency by 40% with a DynamoDB redesign"),
    ]
    expect(button).to_be_enabled()
    shot(page, "export-docx")


PDF_RESUME = """Zoë Łukasiewicz
zoe@example.com | Kraków | 李雷 Studio

EXPERIENCE
Senior Engineer, Acme GmbH (2019-2024)
- Built Python services that processed invoices for every customer
- Cut p99 latency by 40% with a DynamoDB redesign

SKILLS
Python, Go, SQL, Kubernetes
"""


def test_export_pdf_and_the_preview_show_the_same_lines(page: Page, runtime: LocalRuntime):
    open_session(page, runtime, new_session_id())
    editor(page).fill(PDF_RESUME)
    expect_saved(page)

    page.get_by_role("tab", name="Preview").click()
    preview = page.get_by_role("article", name="PDF preview")
    expect(preview).to_contain_text("Cut p99 latency by 40%")
    page.get_by_label("Page size").select_option("a4")
    expect(preview).to_have_attribute("data-page-size", "a4")

    button = page.get_by_role("toolbar", name="Resume actions").get_by_role("button", name="Export .pdf")
    button.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "zoe-lukasiewicz-resume.pdf"
    expect(page.get_by_text(re.compile(r"read-back: passed, (\d+) of \1 words"))).to_be_visible()
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert round(float(reader.pages[0].mediabox.height)) == 842  # A4, as chosen in the Preview
    pdf_lines = (reader.pages[0].extract_text() or "").splitlines()
    assert pdf_lines[0] == "Zoë Łukasiewicz" and "EXPERIENCE" in pdf_lines

    # Line for line: nothing here wraps, so each block is one line of the PDF.
    shown = [text.replace("\u2022", "", 1).strip() for text in preview.locator("p").all_inner_texts()]
    assert shown == [line.removeprefix("\u2022 ") for line in pdf_lines]

    # Typing updates the preview (after a short pause).
    editor(page).press("Control+End")
    editor(page).type("\n- Mentored four engineers")
    expect(preview.locator("p").last).to_have_text("\u2022Mentored four engineers")
    shot(page, "preview")
