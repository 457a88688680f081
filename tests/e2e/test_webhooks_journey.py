"""Site staff connect a system by webhook in a real browser: add the endpoint, send a test
event to a real receiver on loopback, read the delivery log; and the API's docs page stays
accessible once an operation is opened, tried and run."""

import json

import pytest
from playwright.sync_api import expect

from config.celery import app
from tests.e2e.browser_checks import axe_source, csp_violations, run_axe, watch_csp
from tests.e2e.journeys import new_context
from tests.factories import UserFactory
from tests.webhooks.receiver import Receiver, start_receiver
from webhooks.models import Endpoint

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():
    receiver = Receiver()
    server = start_receiver(receiver)
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def jobs_in_process():
    """The live server's jobs run as they are relayed (no worker in this test)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_staff_add_an_endpoint_send_a_test_event_and_read_the_log(
    browser, live_server, receiver, jobs_in_process
):
    UserFactory(email="it@example.org", is_staff=True, is_superuser=True)
    context = new_context(browser, live_server, "it@example.org", bypass_csp=False)
    watch_csp(context)
    page = context.new_page()
    page.goto("/webhooks/")
    page.get_by_role("link", name="Add an endpoint").click()

    page.get_by_label("Name").fill("GME warehouse")
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("A session is published", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("GME warehouse")

    page.get_by_role("button", name="Send a test event").click()
    expect(page.get_by_role("table")).to_contain_text("HTTP 200")
    (request,) = receiver.received
    assert json.loads(request.body)["event"] == "ping"
    endpoint = Endpoint.objects.get()
    assert request.headers["X-Mini-Rotation-Delivery"] == str(endpoint.deliveries.get().uuid)
    assert csp_violations(page) == []
    context.close()

    checked = new_context(browser, live_server, "it@example.org", bypass_csp=True).new_page()
    checked.goto(f"/webhooks/{endpoint.pk}/")
    assert run_axe(checked, axe_source()).describe_blocking() == []


def test_the_api_docs_stay_accessible_when_an_operation_is_tried(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/api/docs/")
    page.locator("#operations-outbox-outbox_retrieve .opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table")).to_contain_text("401")

    assert run_axe(page, axe_source()).describe_blocking() == []
    context.close()
