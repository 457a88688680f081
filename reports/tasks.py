"""Thin Celery tasks: primitive ids in, look up, call the service."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from outbox.tasks import OutboxTask
from reports import services

logger = logging.getLogger(__name__)


@shared_task(
    base=OutboxTask,
    atomic_job=False,  # commits its progress as it goes; run_report is idempotent itself
    delayed_notice="The report will be prepared as soon as the background queue is back.",
    name="reports.render_report",
    acks_late=True,
    autoretry_for=(OperationalError,),  # the database went away: worth another try
    max_retries=3,
    retry_backoff=True,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def render_report(*, run_id: int) -> str | None:
    run = services.run_report(run_id=run_id)
    if run is None:
        logger.warning("Report run %s is gone; nothing rendered.", run_id)
        return None
    return run.status


@shared_task(name="reports.recover_stuck_runs")
def recover_stuck_runs() -> dict[str, int]:
    counts = services.recover_stuck_runs(now=timezone.now())
    if any(counts.values()):
        logger.warning("Report watchdog: %s", counts)
    return counts
