"""Real Chromium (the Debian package) driven by Playwright, against `queue-server serve` in
its own process. Screenshots go to test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
# Without the background-networking flags Chromium keeps trying to reach Google on this
# offline machine; without --no-sandbox it refuses to run as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-features=Translate,MediaRouter",
]
# as the lobby TV runs it (docs/display.md): sound without a tap
TV_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
# every test here is marked `browser` by tests/conftest.py's collection hook


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright_instance) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=TV_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def chromium_default_policy(playwright_instance) -> Iterator[Browser]:
    """Chromium's own autoplay policy: no sound before a user gesture."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM,
                                                  args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(chromium: Browser, chromium_default_policy: Browser):
    contexts = []
    script_errors: list[str] = []  # uncaught exceptions of any page, whatever the test expects

    def make(width: int = 1920, height: int = 1080, *, autoplay: bool = True,
             **kwargs) -> Page:
        browser = chromium if autoplay else chromium_default_policy
        context = browser.new_context(viewport={"width": width, "height": height},
                                       locale="id-ID", timezone_id="Asia/Jakarta", **kwargs)
        contexts.append(context)
        context.on("page", keep_the_policy_on)  # a second tab of the test too
        page = context.new_page()
        keep_the_policy_on(page)
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: script_errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: page.errors.append(msg.text)  # type: ignore[attr-defined]
                if msg.type == "error" and "Failed to load resource" not in msg.text else None)
        # failed loads are listed with their address, which the console line lacks
        page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}")  # type: ignore[attr-defined]
                if r.status >= 400 and "/socket.io/" not in r.url else None)
        return page

    yield make
    for context in contexts:
        context.close()
    # a script error fails the test even where it does not look at page.errors (network
    # failures it provokes are console lines, not page errors)
    assert script_errors == [], script_errors


def keep_the_policy_on(page: Page) -> None:
    """Playwright's `wait_for_function` polls with eval() inside the page, which the pages'
    Content-Security-Policy (no 'unsafe-eval') refuses. This one polls with `evaluate`
    (the DevTools protocol, outside the policy), so every browser test runs the pages under
    their real policy instead of with bypass_csp."""

    def wait_for_function(expression: str, *, arg: Any = None, timeout: float | None = None,
                          polling: float | str | None = None) -> Any:
        limit = 30_000 if timeout is None else timeout  # 0: no limit, as in Playwright
        deadline = time.monotonic() + limit / 1000
        interval = polling if isinstance(polling, int | float) else 50
        last_error: PlaywrightError | None = None
        while True:
            try:
                value = page.evaluate(expression, arg)
                last_error = None
            except PlaywrightError as exc:
                # A navigation in between: ask the new page. A page that is reloading has
                # no body for a moment (document.body is null), so an expression can throw
                # there: keep polling, and fail with that error if it never stops throwing.
                if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                    last_error = exc
                value = None
            if value:
                return value
            if limit and time.monotonic() > deadline:
                if last_error is not None:
                    raise last_error
                raise PlaywrightTimeoutError(
                    f"Timeout {limit:g}ms exceeded waiting for function {expression!r}")
            page.wait_for_timeout(interval)

    page.wait_for_function = wait_for_function  # type: ignore[method-assign]


def shoot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
