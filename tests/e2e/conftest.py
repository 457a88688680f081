"""Browser journeys: Playwright drives Debian's Chromium (no browser download)."""

import os
import shutil
import threading

import pytest
from django.core.signals import request_finished, request_started

from tests.markers import CI_STRICT

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if CI_STRICT:
            pytest.fail(f"CI_STRICT is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def live_server_threads_keep_no_connection():
    """The live server answers each browser connection on a thread of its own, which keeps its
    database connection for CONN_MAX_AGE (60 s by default) while the browser keeps the socket
    open; one still open at the end makes dropping the test database fail. Connections closed
    after each request cost the tests nothing."""
    from django.db import connections

    database = connections.settings["default"]
    kept, database["CONN_MAX_AGE"] = database["CONN_MAX_AGE"], 0
    yield
    database["CONN_MAX_AGE"] = kept


class RequestsInProgress:
    """How many requests Django is answering, on any thread (the live server's included)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs):
        with self.changed:
            self.count += 1

    def finished(self, **kwargs):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_none(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count <= 0, timeout)


@pytest.fixture(autouse=True)
def server_quiet_before_the_database_is_reset(request):
    """A page's script can still be talking to the live server when its test ends (the
    timeline's debounced check, a poll, an autosave), and the database is reset right after.
    So every browser context the test left open is closed, and the reset waits until the
    server has answered what it was answering: otherwise the two race, and a reset that fails
    leaves rows behind for the next test. (pytest-django's own database fixture is set up
    before this one, so it is torn down after.)"""
    in_progress = RequestsInProgress()
    request_started.connect(in_progress.started, weak=False)
    request_finished.connect(in_progress.finished, weak=False)
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()
    answered = in_progress.wait_until_none(timeout=60)
    request_started.disconnect(in_progress.started)
    request_finished.disconnect(in_progress.finished)
    assert answered, "the live server was still answering a request a minute after the test"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def journey_demo(demo_settings):
    """The demo data, served with DEBUG off as in production (seed_demo needs it on)."""
    from tests.e2e.journeys import seed_demo

    values = seed_demo()
    demo_settings.DEBUG = False
    return values


def pytest_terminal_summary(terminalreporter):
    """The axe-core result of every page checked, for the closing note."""
    from tests.e2e.browser_checks import AXE_REPORT

    if AXE_REPORT:
        terminalreporter.section("axe-core, per page (serious and critical fail the test)")
        for line in AXE_REPORT:
            terminalreporter.write_line(line)
