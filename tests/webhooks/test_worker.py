"""A delivery travels through Redis to a real Celery worker, fails, waits in the outbox for its
back-off, and is delivered by beat's relay on the next try."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from config.celery import app
from outbox.services import relay_pending
from tests.markers import requires_broker, requires_postgresql
from tests.outbox.services import wait_for
from tests.reports.test_report_worker import close_database_connections
from webhooks import services
from webhooks.models import Delivery

pytestmark = [
    requires_broker,
    requires_postgresql,  # the worker thread shares the test database
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


def test_a_failed_attempt_is_retried_by_the_worker_after_its_back_off(
    endpoint, receiver, celery_eager
):
    app.conf.task_always_eager = False
    receiver.answers = [502]
    import celery.contrib.testing.tasks  # noqa: F401 -- the ping task the worker checks

    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        with transaction.atomic():
            delivery = services.emit("session.changed", lambda: {"session": {"id": 1}})[0]
        wait_for(
            lambda: Delivery.objects.get(pk=delivery.pk).attempts == 1,
            seconds=30,
            what="the first attempt",
            every=0.2,
        )
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.next_attempt_at > timezone.now()

        relay_pending(now=timezone.now() + timedelta(minutes=2))  # beat, once it is due
        wait_for(
            lambda: Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.DELIVERED,
            seconds=30,
            what="the second attempt",
            every=0.2,
        )
        assert close_database_connections.delay().get(timeout=20) is True

    assert [(a.number, a.status_code) for a in delivery.attempt_log.all()] == [(1, 502), (2, 200)]
    assert len(receiver.received) == 2
