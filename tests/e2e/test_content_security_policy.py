"""The strict Content-Security-Policy blocks nothing on the pages of the users' journeys: no
`securitypolicyviolation` event and no CSP error in the console."""

import pytest

from tests.e2e.browser_checks import csp_violations, watch_csp
from tests.e2e.journeys import ROLES, new_context, pages_of, url_of

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("account", ROLES)
def test_journey_pages_cause_no_csp_violation(browser, live_server, journey_demo, account):
    context = new_context(browser, live_server, account)
    console_errors = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(20_000)  # the CI machine is shared and slow
    violations = {}
    for journey_page in pages_of(account):
        url = url_of(journey_page, journey_demo)
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")  # htmx has run its start-up
        violations[url] = csp_violations(page)
    context.close()

    assert (console_errors, violations) == ([], {url: [] for url in violations})


def test_the_watch_catches_an_inline_style_that_the_policy_blocks(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    console_errors = watch_csp(context)
    context.route(
        "**/probe",
        lambda route: route.fulfill(
            body='<!DOCTYPE html><html><body><p style="color: red">x</p></body></html>',
            headers={"Content-Type": "text/html", "Content-Security-Policy": "style-src 'self'"},
        ),
    )
    page = context.new_page()
    page.goto("/probe")
    page.wait_for_load_state("networkidle")

    assert csp_violations(page) == [f"style-src-attr blocked inline ({live_server.url}/probe:1)"]
    assert len(console_errors) == 1
    context.close()
