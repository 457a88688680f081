"""The director requests the course evaluation and watches its progress bar: HTMX polls the run
while the worker (played here by the test, writing to the database) moves it along, and the
download link appears once it is done."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from reports.models import ReportRun
from reports.tasks import render_report
from tests.factories import PASSWORD, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(monkeypatch):
    """The tasks the request queues, recorded instead of sent: no worker takes the run, the
    test moves it along itself."""
    calls = []
    monkeypatch.setattr(
        render_report, "apply_async", lambda kwargs, **options: calls.append(kwargs)
    )
    return calls


def test_the_progress_bar_follows_the_run_until_the_download_appears(
    page, live_server, settings, tmp_path, queued
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    director = UserFactory(email="director@riverside.example.org")
    program = ProgramFactory(
        name="Concentrated 2026", slug="concentrated-2026", directors=[director]
    )

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(director.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"/programs/{program.slug}/reports/")
    page.get_by_role("button", name="Prepare the course evaluation (PDF)").click()

    run = ReportRun.objects.get()
    assert queued == [{"run_id": run.pk}]
    bar = page.locator("progress#report-bar")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator("label[for=report-bar]")).to_have_text("Queued… 0 %")
    # A strict Content-Security-Policy forbids inline styles: the bar is a <progress> element.
    assert page.locator("#report-progress [style], #report-progress[style]").count() == 0

    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=40)
    expect(bar).to_have_attribute("value", "40")
    expect(page.locator("label[for=report-bar]")).to_have_text("Running… 40 %")

    ReportRun.objects.filter(pk=run.pk).update(progress=90)
    expect(bar).to_have_attribute("value", "90")

    run.refresh_from_db()
    run.file.save("course_evaluation.pdf", ContentFile(b"%PDF-1.7 e2e"), save=False)
    run.status, run.progress = ReportRun.Status.DONE, 100
    run.save()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    expect(bar).to_have_count(0)

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"concentrated-2026-course-evaluation-{run.pk}.pdf"
    with open(download.path(), "rb") as file:
        assert file.read() == b"%PDF-1.7 e2e"
