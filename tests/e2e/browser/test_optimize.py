"""Optimize in the browser: upload a generated .docx, follow the job across a reload, read the result, download,
open the optimized text in the editor."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import httpx
from docx import Document
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import (
    editor,
    expect_saved,
    open_session,
    session_id_of,
    shot,
    wait_server_text,
)
from tests.e2e.runtime import LocalRuntime
from tests.helpers import new_session_id

JOB_DESCRIPTION = (
    "Senior Backend Engineer. Requirements: Python, Kubernetes, AWS Lambda, DynamoDB, CI/CD with GitHub Actions. "
    "You will design serverless APIs and mentor engineers."
)
BULLETS = [
    "Built Python services for the billing platform that processed invoices for every customer",
    "Deployed containers to production clusters and kept the release pipeline green",
    "Mentored two junior engineers through code review and pairing sessions",
    "Helped with the design of REST APIs used by the mobile and web teams",  # weak: the optimizer rewrites it
]
SUMMARY = "Backend engineer with six years of experience building reliable services for finance products."
RESUME = f"Jane Doe\n{SUMMARY}\n\nExperience\n" + "".join(f"- {b}\n" for b in BULLETS)


def make_docx(path: Path) -> Path:
    document = Document()
    document.add_heading("Jane Doe", level=0)
    document.add_paragraph(SUMMARY)
    document.add_heading("Experience", level=1)
    for bullet in BULLETS:
        document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Python, Docker, PostgreSQL")
    document.save(str(path))
    return path


def completed_report(api: httpx.Client, session_id: str) -> dict:
    """The report of the session's newest job, as the API gives it (the job must be COMPLETED)."""
    jobs = api.get("/api/jobs", params={"sessionId": session_id}).json()["jobs"]
    status = api.get("/api/status", params={"jobId": jobs[0]["jobId"]}).json()
    assert status["status"] == "COMPLETED", status
    return dict(status["report"])


def optimize_the_editor_text(page: Page, output_format: str | None = None) -> None:
    """Submit the editor's text against JOB_DESCRIPTION from the Optimize tab (the form's format unless given)."""
    page.get_by_role("tab", name="Optimize").click()
    form = page.get_by_role("form", name="Optimize for a job")
    form.get_by_label("Job description").fill(JOB_DESCRIPTION)
    if output_format:
        form.get_by_label("Result format").select_option(output_format)
    form.get_by_role("button", name="Optimize").click()


def open_as_new_resume(page: Page, session_id: str) -> str:
    """Click "Open in editor as a new resume" and wait for the new session; its id."""
    page.get_by_role("button", name="Open in editor as a new resume").click()
    page.wait_for_function("(old) => localStorage.getItem('sessionId') !== old", arg=session_id)
    return session_id_of(page)


def test_optimize_a_docx_to_completed_and_download(page: Page, runtime: LocalRuntime, api: httpx.Client, tmp_path):
    sid = new_session_id()
    open_session(page, runtime, sid)
    page.get_by_role("tab", name="Optimize").click()
    form = page.get_by_role("form", name="Optimize for a job")
    form.get_by_label("Upload a file").check()
    form.get_by_label("Resume file (PDF, DOCX, TXT or MD)").set_input_files(make_docx(tmp_path / "jane.docx"))
    form.get_by_label("Job description").fill(JOB_DESCRIPTION)
    form.get_by_label("Result format").select_option("docx")
    form.get_by_role("button", name="Optimize").click()

    status = page.get_by_test_id("job-status")
    expect(status).to_be_visible()
    page.reload()  # the running job is remembered: the panel picks it up again
    page.get_by_role("tab", name="Optimize").click()
    expect(status).to_have_text("COMPLETED", timeout=90_000)
    expect(page.get_by_role("list", name="Steps")).to_contain_text("Produce the document")
    result = page.locator(".result")
    expect(result.get_by_label("Before keyword coverage")).to_be_visible()
    expect(result.get_by_label("After keyword coverage")).to_be_visible()
    shot(page, "optimize-result")
    result.get_by_test_id("download").scroll_into_view_if_needed()
    shot(page, "optimize-result-changes")

    with page.expect_download() as download_info:
        result.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    data = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert "word/document.xml" in docx.namelist()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Jane Doe" in text

    # The job stays listed for the session; its result can be opened again.
    page.get_by_role("button", name="New optimization").click()
    earlier = page.get_by_role("region", name="Earlier optimizations")
    expect(earlier.get_by_text("jane.docx")).to_be_visible()
    earlier.get_by_role("button", name=re.compile("^View")).first.click()
    expect(status).to_have_text("COMPLETED")

    # A .docx result opens in the editor too: the report carries the whole optimized text.
    report = completed_report(api, sid)
    optimized = report["optimizedText"]
    revised = [c["revised"] for c in report["changes"] if c["revised"] != c["original"]]
    assert revised, "the optimizer revised no bullet of the uploaded resume"
    with page.expect_download() as download_info:
        result.get_by_role("button", name="Download .txt").click()
    assert Path(download_info.value.path()).read_text(encoding="utf-8") == optimized

    replace = result.get_by_role("button", name="Replace the editor text")
    expect(replace).to_be_enabled()
    expect(result.get_by_role("button", name="Open in editor as a new resume")).to_be_enabled()
    replace.click()
    expect(page.get_by_text(re.compile("Replaced the editor text"))).to_be_visible()
    expect(editor(page)).to_have_value(optimized)
    assert revised[0] in editor(page).input_value()
    expect_saved(page)
    wait_server_text(api, sid, optimized)

    new_sid = open_as_new_resume(page, sid)
    expect(editor(page)).to_have_value(optimized)
    assert api.get(f"/api/session/{new_sid}").json()["resume"] == optimized


def test_optimize_editor_text_then_open_in_editor(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": RESUME, "baseVersion": 0}).raise_for_status()
    open_session(page, runtime, sid)
    optimize_the_editor_text(page, "txt")
    expect(page.get_by_test_id("job-status")).to_have_text("COMPLETED", timeout=90_000)

    optimized = completed_report(api, sid)["optimizedText"]
    assert optimized.startswith("Jane Doe")
    page.get_by_role("button", name="Replace the editor text").click()
    expect(page.get_by_text(re.compile("Replaced the editor text"))).to_be_visible()
    expect(editor(page)).to_have_value(optimized)
    wait_server_text(api, sid, optimized)
    # Reversible: the text from before is a snapshot.
    snapshots = api.get(f"/api/snapshots/{sid}").json()["snapshots"]
    texts = [api.get(f"/api/snapshots/{sid}/{s['snapshotId']}").json()["resume"] for s in snapshots]
    assert RESUME in texts

    # ...or as a new resume: a new session holding the optimized text, the original one left as it is.
    new_sid = open_as_new_resume(page, sid)
    expect(editor(page)).to_have_value(optimized)
    expect(page.get_by_role("tab", name="Assistant")).to_have_attribute("aria-selected", "true")  # a fresh workspace
    assert api.get(f"/api/session/{new_sid}").json()["resume"] == optimized


def test_a_missing_must_have_goes_into_the_skills_line_with_one_click(
    page: Page, runtime: LocalRuntime, api: httpx.Client
):
    sid = new_session_id()
    resume = RESUME + "\nSkills\nPython, Docker, PostgreSQL\n"
    api.put(f"/api/resume/{sid}", json={"text": resume, "baseVersion": 0}).raise_for_status()
    open_session(page, runtime, sid)
    optimize_the_editor_text(page)
    expect(page.get_by_test_id("job-status")).to_have_text("COMPLETED", timeout=90_000)

    report = completed_report(api, sid)
    assert "Kubernetes" in [item["term"] for item in report["addIfTrue"]]
    checklist = page.get_by_role("list", name="Add only if true")
    checklist.get_by_role("button", name="Add Kubernetes to Skills").click()
    expect(checklist.get_by_role("button", name="Added Kubernetes to Skills")).to_be_disabled()
    expected = resume.replace("Python, Docker, PostgreSQL", "Python, Docker, PostgreSQL, Kubernetes")
    expect(editor(page)).to_have_value(expected)
    wait_server_text(api, sid, expected)
    shot(page, "optimize-checklist")


def test_following_a_job_rides_out_a_failed_check_and_lets_go_of_an_unknown_job(
    page: Page, runtime: LocalRuntime, api: httpx.Client
):
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": RESUME, "baseVersion": 0}).raise_for_status()
    answers = {"busy": 1, "gone": False}

    def status(route):  # type: ignore[no-untyped-def]
        if answers["gone"]:
            route.fulfill(status=404, json={"error": "not_found", "message": "No such job."})
        elif answers["busy"]:
            answers["busy"] -= 1
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"error": "busy", "message": "Busy now."})
        else:
            route.continue_()

    page.route(re.compile(r".*/api/status\?"), status)
    open_session(page, runtime, sid)
    optimize_the_editor_text(page, "txt")
    # The first check fails: said, with when the next one is (the server's Retry-After), and the poll goes on.
    expect(page.get_by_text("Busy now. Checking again in 1 s.")).to_be_visible()
    expect(page.get_by_test_id("job-status")).to_have_text("COMPLETED", timeout=90_000)
    expect(page.get_by_text("Busy now.")).to_be_hidden()

    # An earlier job the server no longer knows: following it stops at the first answer, and the form says why.
    page.get_by_role("button", name="New optimization").click()
    answers["gone"] = True
    page.get_by_role("region", name="Earlier optimizations").get_by_role("button", name=re.compile("^View")).click()
    form = page.get_by_role("form", name="Optimize for a job")
    expect(form).to_contain_text("That job is no longer known: No such job.")
    assert page.evaluate(f"localStorage.getItem('rc.job.{sid}')") is None
