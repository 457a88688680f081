"""A report really travels through Redis to a Celery worker started in the test."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connections

from config.celery import app
from reports import services
from reports.models import ReportRun
from tests.markers import requires_broker


def wait_until_finished(run, *, seconds=60):
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        seen.append(run.progress)
        if run.is_finished:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"run {run.pk} still {run.status} after {seconds} s")


@app.task(name="tests.close_database_connections")
def close_database_connections() -> bool:
    connections.close_all()
    return True


@pytest.fixture
def worker():
    """A real worker in a thread; report files go to the test's MEDIA_ROOT (conftest)."""
    import celery.contrib.testing.tasks  # noqa: F401 -- registers the ping task the worker checks

    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        yield
        # The worker thread's own database connection would outlive the test and keep the
        # test database from being dropped: the (solo) worker closes it itself.
        assert close_database_connections.delay().get(timeout=20) is True


@requires_broker
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_report_and_progress_moves(worker, director, program, monkeypatch):
    def build(run, progress):
        for percent in (20, 40, 60):
            progress(percent)
            time.sleep(0.3)  # long enough for the test to see each step
        return b"%PDF-1.7 from the worker"

    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, build)

    run = services.request_report(program=program, user=director)
    seen = wait_until_finished(run)

    assert (run.status, run.progress, run.attempts) == ("done", 100, 1)
    assert {20, 40, 60} <= set(seen)
    with run.file.open("rb") as file:
        assert file.read() == b"%PDF-1.7 from the worker"


@requires_broker
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_task_that_raises_marks_the_run_failed(worker, director, program, monkeypatch):
    def broken(run, progress):
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, broken)

    run = services.request_report(program=program, user=director)
    wait_until_finished(run)

    assert (run.status, run.error) == ("failed", "RuntimeError: WeasyPrint ran out of memory")
    assert not run.file
