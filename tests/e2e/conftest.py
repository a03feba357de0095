"""Real-browser tests: Playwright (Python) driving Debian's Chromium against
pytest-django's live server.

Playwright's own browser download does not work here, so the browser is
Debian's /usr/bin/chromium (or $CHROMIUM_PATH). Without it these tests are
skipped with the reason shown, unless BIMTEK_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from django.test import Client

# Playwright's sync API keeps an event loop running in the main thread; the
# ORM calls the tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _no_stray_connection(transactional_db):
    """Browser tests are transactional (the live server sees committed data).

    Playwright's sync API runs on greenlets and Django keeps a connection per
    context: one opened before the test could be left behind and block
    dropping the test database on PostgreSQL. The test opens its own."""
    from django.db import connection

    connection.close()


@pytest.fixture(scope="session")
def playwright():
    """The one Playwright of the test session: its sync API runs an event
    loop, and a second one started beside it in the same process fails."""
    if chromium_path() is None:
        message = (
            "Chromium not found at /usr/bin/chromium (or $CHROMIUM_PATH): "
            "install Debian's chromium package to run the browser tests"
        )
        if os.environ.get("BIMTEK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


def launch_chromium(playwright, *extra_args: str):
    """Debian's Chromium, headless, with the flags this machine needs."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=[*CHROMIUM_FLAGS, *extra_args]
    )


@pytest.fixture(scope="session")
def browser(playwright):
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


class BrowserErrors(list):
    """Console errors, uncaught exceptions and CSP violations seen by a page."""


def _watch(page, errors: BrowserErrors, expected: tuple[str, ...] = ()) -> None:
    # Each error names the page it happened on: a crawl visits many.
    def on_console(msg) -> None:
        if msg.type == "error" and not any(re.search(pattern, msg.text) for pattern in expected):
            errors.append(f"{page.url}: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: uncaught: {exc}"))


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (desktop by default; ``phone=True`` for a 360-px
    phone) that fail the test if a page logs an error or breaks the CSP."""
    contexts = []
    errors = BrowserErrors()

    def make(*, phone: bool = False, expected_errors: tuple[str, ...] = (), **options):
        # expected_errors: patterns of console errors a test provokes on
        # purpose (e.g. a server answering 500 while it restarts).
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", **(PHONE if phone else {}), **options
        )
        context.set_default_timeout(10_000)
        context.on("page", lambda page: _watch(page, errors, expected_errors))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if contexts:
        # A request the page sent just before closing (a scanner's status poll,
        # a roster sync) may still be running in the live server's thread; the
        # database flush after the test would then fail on a row it is writing
        # ("FOREIGN KEY constraint failed" at teardown, seen on SQLite).
        time.sleep(1.0)
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context):
    return new_context(phone=True).new_page()


def sign_in(context, user, live_server) -> None:
    """Give a browser context the session of ``user`` without the login form
    (the login journey itself has its own test)."""
    client = Client()
    client.force_login(user)
    session_id = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
