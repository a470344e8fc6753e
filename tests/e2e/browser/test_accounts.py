"""Accounts in the browser: the local runtime with AUTH_MODE=cognito on a moto-server pool, signing in through the
managed login stand-in (tests/oauth_stub.py). One person's resume follows them to a second browser profile; another
person cannot open it even with its id; a read-only link to a snapshot opens signed out."""

from __future__ import annotations

import re
import signal
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.cognito import PASSWORD
from tests.e2e.browser.conftest import editor, expect_saved, session_id_of, shot
from tests.e2e.conftest import AccountsRuntime
from tests.e2e.runtime import wait_until
from tests.e2e.test_accounts import exchange

ADA = "ada@example.com"
GRACE = "grace@example.com"
RESUME = "Ada Lovelace\nEXPERIENCE\n- Wrote the first published program for the Analytical Engine\n"


@pytest.fixture
def profiles(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """Fresh browser profiles (devices) on demand; an uncaught error in any page fails the test."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def new_profile() -> BrowserContext:
        context = browser.new_context(viewport={"width": 1280, "height": 820})
        context.set_default_timeout(15_000)
        context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}")))
        contexts.append(context)
        return context

    yield new_profile
    for context in contexts:
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


def sign_in(page: Page, accounts: AccountsRuntime, email: str, open_app: bool = True) -> None:
    """Open the app signed out (or answer its question on the page open), sign in through the managed login, come
    back signed in."""
    if open_app:
        page.goto(accounts.runtime.base_url)
    asked = page.get_by_role("dialog", name="Sign in to Resume Chat")
    asked.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(accounts.login.base_url)}/oauth2/authorize"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text(email)
    assert "code=" not in page.url and "state=" not in page.url  # the redirect back is consumed and cleaned up
    expect(editor(page)).to_be_visible()


def write_signed_in(profiles: Callable[[], BrowserContext], accounts: AccountsRuntime, email: str) -> tuple[Page, str]:
    """A new profile where `email` signs in and writes RESUME; the page and the resume's session id."""
    page = profiles().new_page()
    sign_in(page, accounts, email)
    editor(page).fill(RESUME)
    expect_saved(page)
    return page, session_id_of(page)


def patch_tokens(page: Page, fields: str) -> None:
    """Change the stored tokens as time or the sign-in service would (`fields`: a JS object literal's body)."""
    page.evaluate(f"""() => {{
      const tokens = JSON.parse(localStorage.getItem('rc.auth.tokens'));
      localStorage.setItem('rc.auth.tokens', JSON.stringify({{ ...tokens, {fields} }}));
    }}""")


def test_a_resume_follows_its_owner_to_another_device_and_no_one_else(accounts: AccountsRuntime, profiles):
    accounts.pool.invite(ADA)
    accounts.pool.invite(GRACE)

    laptop, session_id = write_signed_in(profiles, accounts, ADA)

    phone = profiles().new_page()
    sign_in(phone, accounts, ADA)
    assert session_id_of(phone) != session_id  # a new profile starts on a new resume...
    phone.get_by_role("button", name="My resumes").click()
    mine = phone.get_by_role("list", name="Resumes in your account")
    expect(mine).to_contain_text("Ada Lovelace")  # ...and finds the laptop's in the account
    mine.get_by_role("button", name="Open Ada Lovelace").click()
    expect(editor(phone)).to_have_value(RESUME)
    assert session_id_of(phone) == session_id
    shot(phone, "accounts-my-resumes-second-device")

    stranger = profiles().new_page()
    sign_in(stranger, accounts, GRACE)
    stranger.get_by_role("button", name="My resumes").click()
    expect(stranger.get_by_text("No resumes in your account yet")).to_be_visible()
    stranger.keyboard.press("Escape")
    stranger.goto(f"{accounts.runtime.base_url}/#session={session_id}")
    stranger.get_by_role("dialog", name="Open a shared resume?").get_by_role(
        "button", name="Open shared resume"
    ).click()
    expect(stranger.get_by_role("alert")).to_contain_text("This resume is not in your account")
    expect(editor(stranger)).to_have_count(0)

    # Signing out ends it on this device: the app asks to sign in again, and the API is closed to it. Its refresh
    # token is revoked (a copy of it refreshes nothing); the phone's sign-in goes on.
    laptop_refresh = stored_tokens(laptop)["refreshToken"]
    with laptop.expect_navigation(url=f"{accounts.runtime.base_url}/**"):  # via the sign-in service's /logout
        laptop.get_by_role("button", name="Sign out").click()
    expect(laptop.get_by_role("dialog", name="Sign in to Resume Chat")).to_be_visible()
    assert laptop.evaluate("localStorage.getItem('rc.auth.tokens')") is None
    wait_until(lambda: laptop_refresh in accounts.login.revoked, 15, "the sign-out to revoke the refresh token")
    refused = exchange(accounts, grant_type="refresh_token", refresh_token=laptop_refresh)
    assert refused.status_code == 400 and refused.json() == {"error": "invalid_grant"}
    phone_refresh = stored_tokens(phone)["refreshToken"]
    assert exchange(accounts, grant_type="refresh_token", refresh_token=phone_refresh).status_code == 200


def stored_tokens(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("JSON.parse(localStorage.getItem('rc.auth.tokens'))"))


def test_tokens_refresh_silently_and_a_refused_sign_in_asks_again_keeping_the_edits(
    accounts: AccountsRuntime, profiles
):
    accounts.pool.invite(ADA)
    page, session_id = write_signed_in(profiles, accounts, ADA)

    # The ID token is about to expire: the app refreshes it before using it (the refresh token grant).
    before = stored_tokens(page)
    patch_tokens(page, "expiresAt: Date.now() + 5000")
    page.reload()
    wait_until(lambda: accounts.login.refreshes == 1, 15, "the silent refresh")
    wait_until(lambda: stored_tokens(page)["idToken"] != before["idToken"], 15, "the refreshed ID token to be kept")
    assert stored_tokens(page)["refreshToken"] == before["refreshToken"]  # Cognito keeps the refresh token
    expect(editor(page)).to_have_value(RESUME)

    # The sign-in ends (the token is refused and the refresh token revoked) while the person types.
    patch_tokens(page, "idToken: 'x.y.z', refreshToken: 'revoked'")
    editor(page).press("Control+End")
    editor(page).press_sequentially("- Typed as the sign-in ended\n", delay=5)
    asked = page.get_by_role("dialog", name="Sign in to Resume Chat")
    expect(asked.get_by_role("alert")).to_contain_text("Your sign-in has ended")
    sign_in(page, accounts, ADA, open_app=False)
    ada = {"Authorization": accounts.pool.sign_in(ADA)["IdToken"]}

    def server_text() -> str:
        url = f"{accounts.runtime.base_url}/api/session/{session_id}"
        return str(httpx.get(url, headers=ada, timeout=5).json()["resume"])

    wait_until(lambda: server_text() == RESUME + "- Typed as the sign-in ended\n", 30, "the kept edit to be saved")


def test_resumes_written_before_accounts_were_turned_on_are_claimed_at_sign_in(accounts: AccountsRuntime, profiles):
    accounts.pool.invite(ADA)
    accounts.pool.invite(GRACE)
    runtime = accounts.runtime
    runtime.env["AUTH_MODE"] = "none"  # the same data, served first without accounts
    runtime.restart(signal.SIGTERM)
    page = profiles().new_page()
    page.goto(runtime.base_url)
    editor(page).fill(RESUME)
    expect_saved(page)
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)  # no accounts: no sign-in anywhere
    session_id = session_id_of(page)

    runtime.env["AUTH_MODE"] = "cognito"
    runtime.restart(signal.SIGTERM)
    sign_in(page, accounts, ADA)
    ada = {"Authorization": accounts.pool.sign_in(ADA)["IdToken"]}

    def claimed() -> bool:
        listed = httpx.get(f"{runtime.base_url}/api/resumes", headers=ada, timeout=5).json()["resumes"]
        return [r["sessionId"] for r in listed] == [session_id]

    wait_until(claimed, 15, "the resume to be claimed into the account")
    page.get_by_role("button", name="My resumes").click()
    expect(page.get_by_role("list", name="Resumes in your account")).to_contain_text("Ada Lovelace")
    grace = {"Authorization": accounts.pool.sign_in(GRACE)["IdToken"]}
    assert httpx.get(f"{runtime.base_url}/api/session/{session_id}", headers=grace, timeout=5).status_code == 404


def test_a_read_only_link_opens_signed_out_until_revoked(accounts: AccountsRuntime, profiles):
    accounts.pool.invite(ADA)
    owner, _ = write_signed_in(profiles, accounts, ADA)
    owner.get_by_role("button", name="Snapshot").click()
    expect(owner.get_by_text(re.compile(r"^Snapshot saved \d\d:\d\d:\d\d\.$"))).to_be_visible()
    owner.get_by_role("tab", name="History").click()
    owner.get_by_role("button", name=re.compile(r"^Share the snapshot of .* read-only$")).first.click()
    link = owner.get_by_role("textbox", name="Read-only link")
    expect(link).to_have_value(re.compile(r"#shared=[0-9a-f-]{36}$"))
    url = link.input_value()

    reader = profiles().new_page()
    reader.goto(url)
    expect(reader.get_by_role("textbox", name="Shared resume text")).to_have_value(RESUME)
    expect(reader.get_by_role("textbox", name="Shared resume text")).not_to_be_editable()
    expect(reader.get_by_role("dialog", name="Sign in to Resume Chat")).to_have_count(0)  # nobody has to sign in
    shot(reader, "accounts-read-only-link")

    owner.get_by_role("button", name="Revoke").click()
    expect(link).to_have_count(0)
    reader.reload()
    expect(reader.get_by_role("alert")).to_have_text("This read-only link was revoked, or it never existed.")
