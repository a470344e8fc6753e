"""Browser tests: Debian's chromium driven by Playwright against the local runtime (a real process per test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.e2e.runtime import REPO, LocalRuntime, wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DIST_INDEX = REPO / "frontend" / "dist" / "index.html"
ARTIFACTS = REPO / "test-artifacts"
SAVED = re.compile(r"^Saved \d\d:\d\d:\d\d$")

# Saves fail inside the page (the keepalive flush on reload too) while localStorage["test.blockSaves"] is "1".
BLOCK_SAVES = """
(() => {
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    const method = ((init && init.method) || "GET").toUpperCase();
    if (localStorage.getItem("test.blockSaves") === "1" && method === "PUT" && url.includes("/api/resume/")) {
      return Promise.reject(new TypeError("Failed to fetch (blocked by the test)"));
    }
    return realFetch(input, init);
  };
})();
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On a failure, keep what explains it: each page's screenshot and status line, and the runtime's log."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    context = funcargs.get("context")
    failures = ARTIFACTS / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(context.pages if context else []):
        try:
            page.screenshot(path=str(failures / f"{item.name}-{index}.png"))
            status = page.locator(".status-line, [role=status]").all_inner_texts()
            report.sections.append((f"page {index} status", " | ".join(status)))
        except Exception as error:  # the page may be gone; the report must still be written
            report.sections.append((f"page {index}", f"no screenshot: {error}"))
    runtime = funcargs.get("runtime")
    if runtime is not None:
        report.sections.append(("runtime log (last 40 lines)", "\n".join(runtime.log().splitlines()[-40:])))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run `make chromium` (make test does it)")
    if not DIST_INDEX.exists():
        pytest.fail("frontend/dist is not built: run `make frontend` (make test does it)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile; any uncaught error in any of its pages fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 820}, accept_downloads=True)
    context.set_default_timeout(15_000)
    errors: list[str] = []
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}")))
    yield context
    context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def api(runtime: LocalRuntime) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=runtime.base_url, timeout=10) as client:
        yield client


def editor(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_label("Resume text")


def save_status(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("save-status")


def open_session(page: Page, runtime: LocalRuntime, session_id: str) -> None:
    """Open the app on a session through a share link, answering the question it asks (the fragment stays in the
    address bar while the question is open; a link to the session already open asks nothing)."""
    page.goto(f"{runtime.base_url}/#session={session_id}")
    expect(editor(page)).to_be_visible()
    if "#session=" in page.url:
        question = page.get_by_role("dialog", name="Open a shared resume?")
        question.get_by_role("button", name="Open shared resume").click()
    expect(page).not_to_have_url(re.compile("#session="))


def server_text(api: httpx.Client, session_id: str) -> str:
    return str(api.get(f"/api/session/{session_id}").json()["resume"])


def wait_server_text(api: httpx.Client, session_id: str, expected: str, timeout: float = 30) -> None:
    wait_until(lambda: server_text(api, session_id) == expected, timeout, f"the server to hold {expected[-40:]!r}")


def expect_saved(page: Page, timeout: float = 15_000) -> None:
    expect(save_status(page)).to_have_text(SAVED, timeout=timeout)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def session_id_of(page: Page) -> str:
    return str(page.evaluate("localStorage.getItem('sessionId')"))
