"""Finding 1: a run whose worker died is found by the watchdog and requeued, a bounded number of
times, then failed with a reason; its owner can retry a failed or stuck run from its page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from reports import services
from reports.models import ReportRun
from reports.tasks import render_report

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(minutes=16)  # past REPORTS_STUCK_AFTER_SECONDS (15 min)
RECENTLY = NOW - timedelta(minutes=14)
GAVE_UP = (
    "It stopped 3 times before it was finished (a background worker was lost or the queue or "
    "database was away). Try again; if it stops again, tell the site staff."
)


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setitem(
        services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, lambda run, progress: b"%PDF-1.7"
    )


def make_run(program, director, **fields) -> ReportRun:
    return ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION, program=program, requested_by=director, **fields
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "running", "progress": 60, "started_at": LONG_AGO, "attempts": 1},
        {"status": "queued", "queued_at": LONG_AGO},
    ],
    ids=["running", "queued"],
)
def test_the_watchdog_requeues_a_stuck_run_which_then_completes(
    program, director, fake_pdf, eager_celery, fields, django_capture_on_commit_callbacks
):
    run = make_run(program, director, **fields)

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.recover_stuck_runs(now=NOW)

    run.refresh_from_db()
    assert counts == {"requeued": 1, "failed": 0}
    assert (run.status, run.progress, run.recoveries, run.queued_at) == ("done", 100, 1, NOW)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "running", "progress": 60, "started_at": RECENTLY},
        {"status": "queued", "queued_at": RECENTLY},
        {"status": "failed", "queued_at": LONG_AGO},
        {"status": "done", "queued_at": LONG_AGO},
    ],
    ids=["running", "queued", "failed", "done"],
)
def test_the_watchdog_leaves_runs_that_are_not_stuck_alone(program, director, fields):
    run = make_run(program, director, **fields)

    assert services.recover_stuck_runs(now=NOW) == {"requeued": 0, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.recoveries) == (fields["status"], 0)


def test_a_run_stuck_again_after_its_recoveries_is_failed_with_a_reason(program, director):
    run = make_run(program, director, status="running", started_at=LONG_AGO, recoveries=2)

    assert services.recover_stuck_runs(now=NOW) == {"requeued": 0, "failed": 1}

    run.refresh_from_db()
    assert (run.status, run.error, run.finished_at) == ("failed", GAVE_UP, NOW)


def test_a_run_delivered_again_mid_run_counts_a_recovery_and_completes(program, director, fake_pdf):
    run = make_run(program, director, status="running", progress=60, started_at=RECENTLY)

    assert render_report(run_id=run.pk) == "done"

    run.refresh_from_db()
    assert (run.status, run.recoveries, run.attempts) == ("done", 1, 1)


@time_machine.travel(NOW, tick=False)
def test_a_run_that_kills_its_worker_every_time_gives_up(program, director, fake_pdf):
    run = make_run(program, director, status="running", started_at=RECENTLY, recoveries=2)

    assert render_report(run_id=run.pk) == "failed"

    run.refresh_from_db()
    assert (run.error, run.file.name) == (GAVE_UP, "")


@time_machine.travel(NOW, tick=False)
def test_the_owner_retries_a_stuck_run_from_its_page(
    client, program, director, fake_pdf, eager_celery, django_capture_on_commit_callbacks
):
    run = make_run(program, director, status="running", started_at=LONG_AGO, recoveries=2)
    client.force_login(director)
    page = reverse("reports:run", args=[program.slug, run.pk])

    before = client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[program.slug, run.pk]))

    assert before.context["stuck"] is True
    assert "its background worker was probably lost" in before.content.decode()
    assert (response.status_code, response.url) == (302, page)
    run.refresh_from_db()
    assert (run.status, run.recoveries) == ("done", 0)


@time_machine.travel(NOW, tick=False)
def test_a_run_that_is_moving_cannot_be_retried(client, program, director):
    run = make_run(program, director, status="running", started_at=RECENTLY)
    client.force_login(director)

    response = client.post(reverse("reports:retry", args=[program.slug, run.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Only a failed or stuck report can be tried again."
    ]
    run.refresh_from_db()
    assert (run.status, run.started_at) == ("running", RECENTLY)
