"""A live IdeaBox server in a thread and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here, so tests use /usr/bin/chromium
(`apt-get install chromium`; `make test` installs it). Without it the browser tests
are skipped locally and fail in CI (CI=true), so a missing browser never passes silently.
"""
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ideabox import create_app
from ideabox.extensions import db
from tests import factories
from tests.conftest import CsrfClient, _empty_all_tables, _test_config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    app: object
    url: str


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(_migrated, tmp_path):
    """Serve a fresh app on the migrated test database at http://127.0.0.1:<free port>."""
    app = create_app(_test_config(_migrated, tmp_path))
    app.test_client_class = CsrfClient
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


@contextmanager
def another_browser(browser):
    """A page in a browser context of its own (own cookies, desktop-sized): one more person at their
    own computer; closed afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) and page, desktop-sized."""
    with another_browser(browser) as page:
        yield page


# An <img> is visible as soon as it has a box; its natural width is known only once it is loaded and decoded.
LOADED_WIDTH = "img => img.decode().then(() => img.naturalWidth)"


def console_errors_of(page) -> list[str]:
    """A list that fills with the page's console errors from now on (a 404 asset, a script error)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def wait_until(page, expression: str, timeout: float = 5.0):
    """Poll a JavaScript expression until it is truthy and return it. Playwright's wait_for_function evaluates its
    predicate with eval() in the page once it has to poll, which the site's Content-Security-Policy forbids."""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)
    return value


def page_width(page) -> int:
    """The page's full width once its stylesheets are in: measured before them (right after a click that loads a
    page), a table or a long token is as wide as it likes."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG under tests/browser/artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fill_login_form(page, email, password=factories.PASSWORD) -> None:
    """Fill the login form the page shows and press its button (the footer's language switcher is a form too)."""
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()


@pytest.fixture
def sign_in():
    """Return a function that signs in through the real login form."""

    def sign_in(page, live_server, email, password=factories.PASSWORD):
        page.goto(f"{live_server.url}/auth/login")
        fill_login_form(page, email, password)
        page.wait_for_load_state("networkidle")

    return sign_in
