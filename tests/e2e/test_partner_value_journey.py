"""A partner liaison opens the outcomes of what their organization taught and hosted, requests
the partner value report, waits for Ready while the report worker renders it, and downloads
the PDF (read back with pdftotext)."""

import threading

import pytest
from playwright.sync_api import expect

from reports.models import ReportRun
from reports.tasks import render_report
from tests.e2e.journeys import LIAISON, new_context
from tests.pdf import pdf_words

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(monkeypatch):
    """The report worker: each queued render runs for real, in a thread of its own, as a
    Celery worker would take it from the broker."""
    threads = []

    def take(kwargs, **options):
        thread = threading.Thread(target=render_report, kwargs=kwargs)
        thread.start()
        threads.append(thread)

    monkeypatch.setattr(render_report, "apply_async", take)
    yield threads
    for thread in threads:
        thread.join(timeout=60)


def test_a_liaison_requests_the_value_report_and_downloads_it(
    browser, live_server, journey_demo, settings, tmp_path, worker
):
    settings.MEDIA_ROOT = tmp_path / "media"
    organization = journey_demo["organization"]
    context = new_context(browser, live_server, LIAISON)
    page = context.new_page()
    page.set_default_timeout(60_000)

    page.goto(f"/partners/{organization}/")
    page.get_by_role("link", name="Outcomes and value report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcomes of what")
    expect(page.locator("#session-ratings tbody tr").first).to_be_visible()
    page.get_by_role("button", name="Prepare the value report").click()

    expect(page.get_by_role("status")).to_contain_text("Ready", timeout=90_000)
    run = ReportRun.objects.get(kind="partner_value", status="done", requested_by__email=LIAISON)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{organization}-value-report-{run.pk}.pdf"
    with open(download.path(), "rb") as file:
        text = pdf_words(file.read())
    assert "Mini-Rotation · partner value report" in text
    assert f"Academic year {run.academic_year}" in text
    assert "2. What it is worth" in text
    context.close()
