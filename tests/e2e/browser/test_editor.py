"""The editor never loses work: autosave, server crashes, reload replay, conflicts between tabs, snapshots."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.browser.conftest import (
    BLOCK_SAVES,
    editor,
    expect_saved,
    open_session,
    save_status,
    server_text,
    session_id_of,
    shot,
    wait_server_text,
)
from tests.e2e.runtime import LocalRuntime
from tests.helpers import new_session_id

RESUME = "Jane Doe\nSoftware Engineer\n\nExperience\n- Led a team of engineers to ship the mobile app\n"


def test_type_saved_reload_text_present(page: Page, runtime: LocalRuntime, api: httpx.Client):
    page.goto(runtime.base_url)
    editor(page).click()
    page.keyboard.type(RESUME, delay=5)
    sid = session_id_of(page)
    wait_server_text(api, sid, RESUME)
    expect_saved(page)
    expect(page.get_by_role("button", name="Jane Doe ▾")).to_be_visible()  # named after the first line
    shot(page, "editor-saved")

    page.reload()
    expect(editor(page)).to_have_value(RESUME)
    expect_saved(page)


def test_runtime_killed_while_typing_keeps_every_character(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = new_session_id()
    open_session(page, runtime, sid)
    editor(page).click()
    first = "Typed before the crash. "
    page.keyboard.type(first, delay=10)
    runtime.kill()  # SIGKILL mid-typing: the debounced save of `first` may not have gone out yet
    second = "Typed while the server was down, every character."
    page.keyboard.type(second, delay=10)
    expect(save_status(page)).to_contain_text("Offline — ", timeout=20_000)
    expect(save_status(page)).to_contain_text("kept on this device")
    shot(page, "editor-offline")

    runtime.start()
    wait_server_text(api, sid, first + second, timeout=40)
    expect_saved(page)
    page.reload()
    expect(editor(page)).to_have_value(first + second)


def test_reload_while_saves_fail_replays_the_journal(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": "v1\n", "baseVersion": 0}).raise_for_status()
    page.add_init_script(BLOCK_SAVES)
    open_session(page, runtime, sid)
    page.evaluate("localStorage.setItem('test.blockSaves', '1')")
    editor(page).press("Control+End")
    editor(page).press_sequentially("unsaved line", delay=5)
    expect(save_status(page)).to_contain_text("Offline — 12 changes kept on this device")

    page.reload()  # the keepalive flush fails too: only the local journal holds the edit
    expect(editor(page)).to_have_value("v1\nunsaved line")
    expect(page.get_by_text("Recovered 12 unsaved changes from this device.")).to_be_visible()
    assert server_text(api, sid) == "v1\n"

    page.evaluate("localStorage.removeItem('test.blockSaves')")
    page.get_by_role("button", name="Retry now").click()
    wait_server_text(api, sid, "v1\nunsaved line")
    expect_saved(page)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rc.journal.'))") == []


def test_snapshot_edit_diff_restore(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": RESUME, "baseVersion": 0}).raise_for_status()
    open_session(page, runtime, sid)
    editor(page).click()
    page.keyboard.press("Control+s")
    expect(page.get_by_text(re.compile(r"^Snapshot saved \d\d:\d\d:\d\d\.$"))).to_be_visible()

    editor(page).press("Control+End")
    editor(page).press_sequentially("- Added after the snapshot\n", delay=5)
    wait_server_text(api, sid, RESUME + "- Added after the snapshot\n")

    page.get_by_role("tab", name="History").click()
    manual = page.locator(".snapshot-list li").filter(has_text=re.compile(r"Snapshot\b"))
    expect(manual.first).to_contain_text("+5 lines in the header and Experience")  # what it changed, in words
    manual.first.get_by_role("checkbox").check()
    diff = manual.first.locator("figure.diff")  # right under the entry ticked
    expect(diff).to_contain_text("current text")
    expect(diff.locator(".diff-insert")).to_have_text(re.compile(r"Added after the snapshot"))
    # Lines are blocks of inline text: a flex row would make each marked word a box of its own and split words.
    expect(diff.locator(".diff-line").first).to_have_css("display", "block")
    shot(page, "history-diff")

    manual.first.get_by_role("button", name=re.compile("^Restore")).click()
    expect(editor(page)).to_have_value(RESUME)
    wait_server_text(api, sid, RESUME)
    expect(page.get_by_text(re.compile("Restored the snapshot of"))).to_be_visible()

    # Reversible: the text from before the restore is a snapshot of its own.
    snapshots = api.get(f"/api/snapshots/{sid}").json()["snapshots"]
    before_restore = [s for s in snapshots if s.get("kind") == "restore"]
    assert before_restore
    payload = api.get(f"/api/snapshots/{sid}/{before_restore[0]['snapshotId']}").json()
    assert payload["resume"] == RESUME + "- Added after the snapshot\n"


def test_sessions_new_resume_list_and_share_link(context: BrowserContext, runtime: LocalRuntime, api: httpx.Client):
    page = context.new_page()
    page.goto(runtime.base_url)
    editor(page).fill("First Resume\n")
    first = session_id_of(page)
    wait_server_text(api, first, "First Resume\n")

    page.get_by_role("toolbar").get_by_role("button", name="New resume").click()
    expect(editor(page)).to_have_value("")
    second = session_id_of(page)
    assert second != first
    editor(page).fill("Second Resume\n")
    wait_server_text(api, second, "Second Resume\n")

    page.get_by_role("navigation").get_by_role("button", name="My resumes").click()
    resumes = page.get_by_role("dialog", name="My resumes")
    expect(resumes.locator("strong", has_text="First Resume")).to_be_visible()
    expect(resumes.locator("strong", has_text="Second Resume")).to_be_visible()
    resumes.get_by_role("button", name="Open First Resume").click()
    expect(editor(page)).to_have_value("First Resume\n")

    page.get_by_role("button", name="Open on another device").click()
    share = page.get_by_role("dialog", name="Open on another device")
    link = share.get_by_role("textbox", name="Link to this resume").input_value()
    assert link == f"{runtime.base_url}/#session={first}"
    expect(share.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    shot(page, "share")

    other_device = context.browser.new_context()  # type: ignore[union-attr]
    try:
        elsewhere = other_device.new_page()
        elsewhere.goto(link)
        own = session_id_of(elsewhere)
        # Asked first: opening someone's link must not silently switch to a resume its sender can read.
        question = elsewhere.get_by_role("dialog", name="Open a shared resume?")
        expect(question.get_by_test_id("share-prompt")).to_have_text(
            "Open the shared resume 'First Resume'? Your current resume stays in My resumes."
        )
        shot(elsewhere, "open-shared")
        question.get_by_role("button", name="Keep my current resume").click()
        expect(question).to_be_hidden()
        assert session_id_of(elsewhere) == own and "#session" not in elsewhere.url
        expect(editor(elsewhere)).to_have_value("")

        elsewhere.goto(link)
        question.get_by_role("button", name="Open shared resume").click()
        expect(editor(elsewhere)).to_have_value("First Resume\n")
        assert session_id_of(elsewhere) == first
        assert "#session" not in elsewhere.url
        elsewhere.goto(link)  # the resume open already: nothing to ask
        expect(editor(elsewhere)).to_have_value("First Resume\n")
        expect(question).to_be_hidden()
    finally:
        other_device.close()


def test_rename_puts_the_caret_in_the_name(page: Page, runtime: LocalRuntime, api: httpx.Client):
    """Rename focuses the name field (React's autoFocus, which Preact does not emulate): type, Enter, renamed."""
    page.goto(runtime.base_url)
    editor(page).fill("Jane Doe\n")
    wait_server_text(api, session_id_of(page), "Jane Doe\n")
    page.get_by_role("navigation").get_by_role("button", name="My resumes").click()
    resumes = page.get_by_role("dialog", name="My resumes")
    resumes.get_by_role("button", name="Rename Jane Doe").click()
    expect(resumes.get_by_role("textbox", name="New name")).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Backend roles")
    page.keyboard.press("Enter")
    expect(resumes.locator("strong", has_text="Backend roles")).to_be_visible()


def test_narrow_screen_tabs_and_keyboard(context: BrowserContext, runtime: LocalRuntime):
    page = context.new_page()
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(runtime.base_url)
    tabs = page.get_by_role("tablist", name="Panels")
    expect(tabs.get_by_role("tab")).to_have_text(["Resume", "Assistant", "Preview", "History", "Optimize"])
    # A phone opens on the resume itself, under one compact toolbar row, with one scroll area (the editor's).
    expect(tabs.get_by_role("tab", name="Resume")).to_have_attribute("aria-selected", "true")
    expect(editor(page)).to_be_visible()
    toolbar = page.get_by_role("toolbar", name="Resume actions").bounding_box()
    assert toolbar is not None and toolbar["height"] < 60
    assert page.evaluate("document.documentElement.scrollHeight") <= 800
    expect(page.get_by_role("button", name="Snapshot")).to_be_disabled()  # nothing to snapshot yet
    editor(page).fill("Jane Doe\n" * 200)
    assert page.evaluate("document.documentElement.scrollHeight") <= 800
    expect(page.get_by_role("button", name="Snapshot")).to_be_enabled()
    tabs.get_by_role("tab", name="Resume").focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.get_by_role("tab", name="Assistant")).to_be_focused()
    expect(editor(page)).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(tabs.get_by_role("tab", name="Resume")).to_have_attribute("aria-selected", "true")
    expect(editor(page)).to_be_visible()
    shot(page, "narrow")
