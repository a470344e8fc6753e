"""The assistant in the browser: act on a bullet, apply a suggestion, undo it; history survives a reload."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import editor, open_session, shot, wait_server_text
from tests.e2e.runtime import LocalRuntime
from tests.helpers import new_session_id

BULLET = "Managed the migration of the billing service to the cloud"
RESUME = f"Jane Doe\nBackend Engineer\n\nExperience\n- {BULLET}\n- Wrote tests\n"


def open_with_bullet_selected(page: Page, runtime: LocalRuntime, api: httpx.Client) -> str:
    """A session holding RESUME, opened with the caret on BULLET (moved with the keyboard, as a person would)."""
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": RESUME, "baseVersion": 0}).raise_for_status()
    open_session(page, runtime, sid)
    editor(page).click()
    page.keyboard.press("Control+Home")
    for _ in range(RESUME.split("\n").index(f"- {BULLET}")):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    expect(page.get_by_test_id("selected-bullet")).to_have_text(BULLET)
    return sid


def run_action(page: Page, label: str) -> None:
    page.get_by_role("group", name="Improve the selected bullet").get_by_role("button", name=label).click()


def test_ai_action_apply_and_undo(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = open_with_bullet_selected(page, runtime, api)
    run_action(page, "Rephrase")
    cards = page.get_by_test_id("suggestion")
    expect(cards.first).to_be_visible(timeout=20_000)
    expect(page.get_by_text(f"Rephrase: {BULLET}")).to_be_visible()
    suggestion = cards.first.locator("p").inner_text()
    # The card shows the suggestion as a word diff against the bullet: rebuild it from the inserted/kept words.
    new_text = cards.first.evaluate(
        "card => [...card.querySelector('.inline-diff').childNodes]"
        ".filter(n => n.nodeName !== 'DEL').map(n => n.textContent).join('')"
    )
    assert new_text and new_text != BULLET, suggestion
    shot(page, "assistant-suggestions")

    cards.first.get_by_role("button", name=re.compile("^Apply")).click()
    applied = RESUME.replace(BULLET, new_text)
    expect(editor(page)).to_have_value(applied)
    wait_server_text(api, sid, applied)

    page.get_by_role("button", name="Undo").click()
    expect(editor(page)).to_have_value(RESUME)
    wait_server_text(api, sid, RESUME)

    # The browser's own undo works too: the suggestion went in as a typed edit.
    cards.first.get_by_role("button", name=re.compile("^Apply")).click()
    expect(editor(page)).to_have_value(applied)
    editor(page).press("Control+z")
    expect(editor(page)).to_have_value(RESUME)

    # History (with its suggestion cards) comes back after a reload.
    page.reload()
    expect(page.get_by_text(f"Rephrase: {BULLET}")).to_be_visible()
    expect(page.get_by_test_id("suggestion").first).to_be_visible()


def test_quantify_highlights_placeholders(page: Page, runtime: LocalRuntime, api: httpx.Client):
    open_with_bullet_selected(page, runtime, api)
    run_action(page, "Quantify")
    flagged = page.get_by_test_id("suggestion").locator("mark.flag")
    expect(flagged.first).to_be_visible(timeout=20_000)
    expect(flagged.first).to_have_text(re.compile(r"^\[.+\]$"))
    expect(flagged.first).to_have_attribute("title", re.compile("put in the real figure"))


def test_assistant_error_is_shown_with_retry(page: Page, runtime: LocalRuntime, api: httpx.Client):
    sid = new_session_id()
    api.put(f"/api/resume/{sid}", json={"text": RESUME, "baseVersion": 0}).raise_for_status()
    failures = {"left": 1}

    def fail_once(route):  # type: ignore[no-untyped-def]
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(
                status=503,
                headers={"Retry-After": "1"},
                json={"error": "service_unavailable", "message": "The AI provider is overloaded; try again shortly."},
            )
        else:
            route.continue_()

    page.route(re.compile(r".*/api/chat$"), fail_once)
    open_session(page, runtime, sid)
    page.get_by_label("Message to the assistant").fill("Which section is missing?")
    page.get_by_role("button", name="Send").click()
    alert = page.get_by_role("alert").filter(has_text="The assistant could not answer")
    expect(alert).to_contain_text("The AI provider is overloaded; try again shortly.")
    alert.get_by_role("button", name="Retry").click()
    expect(alert).to_be_hidden()
    expect(page.locator(".turn-assistant")).to_have_count(1)


def test_a_card_applies_to_its_own_line_wherever_the_caret_is_even_after_a_reload(
    page: Page, runtime: LocalRuntime, api: httpx.Client
):
    sid = open_with_bullet_selected(page, runtime, api)
    # Keyboard only: the action button, then focus lands on the first new suggestion card.
    page.get_by_role("group", name="Improve the selected bullet").get_by_role("button", name="Rephrase").focus()
    page.keyboard.press("Enter")
    cards = page.get_by_test_id("suggestion")
    expect(cards.first).to_be_focused(timeout=20_000)
    new_text = cards.first.evaluate(
        "card => [...card.querySelector('.inline-diff').childNodes]"
        ".filter(n => n.nodeName !== 'DEL').map(n => n.textContent).join('')"
    )
    assert new_text and new_text != BULLET

    # The person moves on to another line, and the page is reloaded: the card is still tied to its own line.
    page.reload()
    editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_test_id("selected-bullet")).to_have_text("Wrote tests")
    card = page.get_by_test_id("suggestion").first
    expect(card.locator(".inline-diff del").first).to_be_visible()  # diffed against its own line, not "Wrote tests"
    card.get_by_role("button", name=re.compile("^Apply")).click()
    applied = RESUME.replace(BULLET, new_text)
    expect(editor(page)).to_have_value(applied)
    wait_server_text(api, sid, applied)
