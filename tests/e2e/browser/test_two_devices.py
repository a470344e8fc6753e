"""Two devices on one resume (two browser contexts): freshness without reloads, automatic three-way merges, and
a per-passage dialog only for edits both sides made to the same lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser.conftest import BLOCK_SAVES, editor, open_session, save_status, shot, wait_server_text
from tests.e2e.runtime import LocalRuntime
from tests.helpers import new_session_id

PHONE = {"width": 390, "height": 844}
LINES = ["Jane Doe", "SUMMARY", "Engineer who ships.", "EXPERIENCE", "- Built APIs", "- Led a team", "SKILLS", "Python"]
BASE = "\n".join(LINES) + "\n"
CONFLICT_DIALOG = "This resume was changed somewhere else"


def replaced(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def devices(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """Two devices (separate browser profiles); the second is a phone whose saves the test can hold back."""
    errors: list[str] = []
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 820}),
        browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True),
    ]
    for context in contexts:
        context.set_default_timeout(15_000)
        context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    contexts[1].add_init_script(BLOCK_SAVES)
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def open_on_both(devices: tuple[Page, Page], runtime: LocalRuntime, api: httpx.Client) -> str:
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": BASE, "baseVersion": 0}).raise_for_status()
    for page in devices:
        open_session(page, runtime, sid)
    return sid


def edit_at_once(devices: tuple[Page, Page], api: httpx.Client, sid: str, laptop_text: str, phone_text: str) -> None:
    """Both edit the same version: the phone's saves are held back (as if offline) until the laptop's has landed,
    then released at once (the browser's online event)."""
    laptop, phone = devices
    phone.evaluate("localStorage.setItem('test.blockSaves', '1')")
    editor(phone).fill(phone_text)
    expect(save_status(phone)).to_contain_text("kept on this device")
    editor(laptop).fill(laptop_text)
    wait_server_text(api, sid, laptop_text)
    phone.evaluate("localStorage.removeItem('test.blockSaves'); window.dispatchEvent(new Event('online'))")


def test_second_device_shows_a_save_within_5_seconds_without_reload(
    devices: tuple[Page, Page], runtime: LocalRuntime, api: httpx.Client
):
    laptop, phone = devices
    sid = open_on_both(devices, runtime, api)
    # The phone's caret sits at the start of the third line; the laptop edits the first and the last line.
    editor(phone).press("Control+Home")
    editor(phone).press("ArrowDown")
    editor(phone).press("ArrowDown")
    caret = len("Jane Doe\nSUMMARY\n")
    assert editor(phone).evaluate("el => el.selectionStart") == caret
    edited = replaced(BASE, ("Jane Doe", "Jane A. Doe"), ("Python", "Python, Go"))
    editor(laptop).fill(edited)
    wait_server_text(api, sid, edited)
    expect(editor(phone)).to_have_value(edited, timeout=5_000)
    expect(save_status(phone)).to_have_text(re.compile(r"^Updated from another device \d\d:\d\d:\d\d$"))
    # The caret stayed before the same text (shifted by what was inserted above it), not thrown to the end.
    assert editor(phone).evaluate("el => [el.selectionStart, el.selectionEnd]") == [caret + 3, caret + 3]
    shot(phone, "two-devices-updated")


def test_edits_to_different_lines_merge_without_a_dialog(
    devices: tuple[Page, Page], runtime: LocalRuntime, api: httpx.Client
):
    laptop, phone = devices
    sid = open_on_both(devices, runtime, api)

    laptop_text = replaced(BASE, ("- Led a team", "- Led a team of 8"), ("Python", "Python\nGo"))
    phone_text = replaced(BASE, ("Engineer who ships.", "Senior engineer who ships."))
    edit_at_once(devices, api, sid, laptop_text, phone_text)
    merged = replaced(
        BASE,
        ("Engineer who ships.", "Senior engineer who ships."),
        ("- Led a team", "- Led a team of 8"),
        ("Python", "Python\nGo"),
    )
    wait_server_text(api, sid, merged)
    expect(editor(phone)).to_have_value(merged)
    expect(phone.get_by_text("Merged changes from another device.")).to_be_visible()
    expect(phone.get_by_role("dialog", name=CONFLICT_DIALOG)).to_have_count(0)
    expect(editor(laptop)).to_have_value(merged, timeout=5_000)  # and the laptop catches up without a reload
    shot(phone, "two-devices-merged")


def test_overlapping_edits_ask_passage_by_passage_and_keep_the_rest(
    devices: tuple[Page, Page], runtime: LocalRuntime, api: httpx.Client
):
    laptop, phone = devices
    sid = open_on_both(devices, runtime, api)

    phone_text = replaced(
        BASE, ("Engineer who", "Phone engineer who"), ("- Built APIs", "- Built phone APIs"), ("Python", "Rust")
    )
    laptop_text = replaced(
        BASE,
        ("Jane Doe", "Jane A. Doe"),  # only the laptop touched the name: merged without asking
        ("Engineer who", "Laptop engineer who"),
        ("- Built APIs", "- Built laptop APIs"),
        ("Python", "Go"),
    )
    edit_at_once(devices, api, sid, laptop_text, phone_text)

    dialog = phone.get_by_role("dialog", name=CONFLICT_DIALOG)
    expect(dialog).to_be_visible()
    hunks = dialog.get_by_test_id("hunk")
    expect(hunks).to_have_count(3)
    expect(hunks.nth(0).get_by_test_id("conflict-mine")).to_have_text("Phone engineer who ships.")
    expect(hunks.nth(0).get_by_test_id("conflict-theirs")).to_have_text("Laptop engineer who ships.")
    save = dialog.get_by_role("button", name="Save merged text")
    expect(save).to_be_disabled()
    expect(save).to_be_in_viewport()  # the actions stay in view on a phone with three passages
    shot(phone, "two-devices-conflict")

    hunks.nth(0).get_by_label("Keep mine").check()
    hunks.nth(1).get_by_label("Take theirs").check()
    hunks.nth(2).get_by_label("Keep both").check()
    save.click()
    expect(dialog).to_be_hidden()
    resolved = replaced(
        BASE,
        ("Jane Doe", "Jane A. Doe"),
        ("Engineer who", "Phone engineer who"),
        ("- Built APIs", "- Built laptop APIs"),
        ("Python", "Rust\nGo"),
    )
    wait_server_text(api, sid, resolved)
    expect(editor(phone)).to_have_value(resolved)
    expect(editor(laptop)).to_have_value(resolved, timeout=5_000)
    # The laptop's version was snapshotted before anything was written over it.
    snapshots = api.get(f"/api/snapshots/{sid}").json()["snapshots"]
    texts = [api.get(f"/api/snapshots/{sid}/{s['snapshotId']}").json()["resume"] for s in snapshots]
    assert laptop_text in texts
