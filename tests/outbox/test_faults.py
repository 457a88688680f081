"""Faults with the real services: the suite's own Redis server dies during a request and comes
back, a Celery worker process is killed with SIGKILL during a report, the database goes away."""

import shutil
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from outbox import services
from outbox.models import Job
from reports import services as report_services
from reports.models import ReportRun
from tests.markers import CI_STRICT, requires_postgresql
from tests.outbox.broker import celery_broker
from tests.outbox.services import RedisServer, WorkerProcess, spare_port, wait_for
from tests.reports.test_report_worker import close_database_connections

pytestmark = [
    requires_postgresql,  # the worker processes share the test database
    pytest.mark.skipif(
        shutil.which("redis-server") is None and not CI_STRICT, reason="needs redis-server"
    ),
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

LEARNERS = ["ana@hospital.example.org", "ben@hospital.example.org", "cy@hospital.example.org"]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def add_learner(client, program, email: str):
    return client.post(
        f"/programs/{program.slug}/learners/add/",
        {
            "email": email,
            "first_name": email[:3].title(),
            "last_name": "Test",
            "residency_program": "Internal Medicine",
            "pgy_level": "1",
            "program_director_name": "Dr. A",
            "program_director_email": "pd@hospital.example.org",
        },
        follow=True,
    )


def test_redis_dies_during_a_request_and_every_job_is_delivered_once_when_it_is_back(
    client, director, program, redis_server, monkeypatch
):
    client.force_login(director)
    relay = services.relay

    def redis_dies_after_the_commit(*, job):
        redis_server.stop()  # between the commit and the hand-over to the broker
        return relay(job=job)

    with celery_broker(redis_server.url) as app:
        add_learner(client, program, LEARNERS[0])  # Redis is up: sent at once
        monkeypatch.setattr(services, "relay", redis_dies_after_the_commit)
        started = time.monotonic()
        during = add_learner(client, program, LEARNERS[1])
        monkeypatch.setattr(services, "relay", relay)
        after = add_learner(client, program, LEARNERS[2])  # Redis is still down
        seconds = time.monotonic() - started
        assert list(Job.objects.order_by("pk").values_list("status", flat=True)) == [
            "sent",
            "pending",
            "pending",
        ]

        redis_server.start()  # back, and empty: the first job's message was lost with it
        import celery.contrib.testing.tasks  # noqa: F401 -- the ping task the worker checks

        with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
            # Beat's relay, once the lost job is overdue: every job reaches the worker; then a
            # duplicate delivery of each, which must do nothing.
            services.relay_pending(now=timezone.now() + timedelta(hours=1))
            for job in Job.objects.all():
                services.relay(job=job)
            wait_for(
                lambda: Job.objects.filter(status="done").count() == 3,
                seconds=30,
                what="every job done",
                every=0.2,
            )
            time.sleep(1)  # let the duplicates arrive and be skipped
            assert close_database_connections.delay().get(timeout=20) is True

    assert seconds < 4  # two requests with the broker down: no 19 s wait
    assert [str(m) for m in during.context["messages"]][-1] == (
        "The invitation will be sent as soon as the mail queue is back."
    )
    assert [str(m) for m in after.context["messages"]][-1] == (
        "The invitation will be sent as soon as the mail queue is back."
    )
    assert sorted(message.to[0] for message in mail.outbox) == LEARNERS


def test_a_report_whose_worker_is_killed_completes_after_the_watchdog(
    director, program, redis_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    worker = WorkerProcess(
        broker_url=redis_server.url, media_root=settings.MEDIA_ROOT, log=tmp_path / "worker.log"
    )
    try:
        with celery_broker(redis_server.url):
            worker.start()
            run = report_services.request_report(program=program, user=director)
            wait_for(
                lambda: ReportRun.objects.filter(pk=run.pk, status="running").exists(),
                seconds=30,
                what="the report started",
                every=0.02,
            )
            worker.kill()
            run.refresh_from_db()
            assert run.status == "running"  # and would stay so: nothing else will touch it

            worker.start()
            counts = report_services.recover_stuck_runs(now=timezone.now() + timedelta(minutes=16))
            wait_for(
                lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first(),
                seconds=60,
                what="the report finished",
                every=0.2,
            )
    finally:
        worker.stop()

    run.refresh_from_db()
    assert counts == {"requeued": 1, "failed": 0}
    assert (run.status, run.error, run.recoveries) == ("done", "", 1)
    with run.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"


@override_settings(CELERY_BROKER_URL="")
def test_the_database_going_away_answers_503_with_a_clear_page(client, director, monkeypatch):
    client.force_login(director)
    client.raise_request_exception = False
    monkeypatch.setitem(connection.settings_dict, "PORT", str(spare_port()))  # nothing listens
    connection.close()
    try:
        health = Client().get("/healthz")  # as the load balancer probes: no session
        page = client.get("/programs/")
        htmx = client.get("/programs/", headers={"HX-Request": "true"})
    finally:
        monkeypatch.undo()
        connection.close()

    message = "The database is not answering, so nothing was saved. Try again in a minute."
    assert (health.status_code, health.json()) == (503, {"status": "down", "database": "down"})
    assert (page.status_code, htmx.status_code) == (503, 503)
    assert f"<p>{message}</p>" in page.content.decode()
    assert htmx.content.decode() == f'<p class="message error" role="alert">{message}</p>\n'
