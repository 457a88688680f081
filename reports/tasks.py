"""Thin Celery tasks: primitive ids in, look up, call the service."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from outbox.tasks import OutboxTask
from reports import notifications, services
from reports.models import PartnershipReview, ReportRun

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


@shared_task(name="reports.send_review_reminders")
def send_review_reminders() -> int:
    """Beat: queue the reminders of partnership reviews coming up within a week."""
    queued = services.send_review_reminders(today=timezone.localdate())
    logger.info("Review reminders queued: %s", queued)
    return queued


@shared_task(
    base=OutboxTask,
    name="reports.send_review_reminder",
    delayed_notice="The reminder will be sent as soon as the mail queue is back.",
)
def send_review_reminder(*, review_id: int) -> int:
    review = PartnershipReview.objects.filter(pk=review_id).select_related("organization").first()
    if review is None or review.is_recorded:
        logger.info("Review %s is gone or recorded; no reminder sent.", review_id)
        return 0
    return notifications.send_review_reminder(review=review)


@shared_task(
    base=OutboxTask,
    name="reports.send_value_report",
    delayed_notice="The report will be emailed as soon as the mail queue is back.",
)
def send_value_report(*, run_id: int) -> int:
    run = (
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.DONE)
        .select_related("organization", "program")
        .first()
    )
    if run is None:
        logger.info("Value report %s is gone or not done; not emailed.", run_id)
        return 0
    return notifications.send_value_report(run=run)
