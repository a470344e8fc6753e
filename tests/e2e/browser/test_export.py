"""Export .docx in the browser: the toolbar button (by keyboard) downloads a Word file of the editor text."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from playwright.sync_api import Page, expect

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
    assert download.suggested_filename == "jane-doe.docx"  # named after the resume's first line
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
