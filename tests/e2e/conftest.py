"""Browser journeys: Playwright drives Debian's Chromium (no browser download)."""

import os
import shutil

import pytest

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
