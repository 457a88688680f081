"""Thin Celery tasks: primitive ids in, look up, call the reminder service (which mails through
assessments.notifications)."""

import logging

from celery import shared_task
from django.utils import timezone

from assessments import notifications
from assessments.models import Administration, ComparisonLink
from assessments.services import reminders
from outbox.tasks import OutboxTask

logger = logging.getLogger(__name__)


@shared_task(name="assessments.send_due_notifications")
def send_due_notifications() -> dict[str, int]:
    counts = reminders.send_due_notifications(now=timezone.now())
    logger.info("Assessment notifications sent: %s", counts)
    return counts


@shared_task(
    base=OutboxTask,
    name="assessments.send_reminders",
    delayed_notice="The reminders will be sent as soon as the mail queue is back.",
)
def send_reminders(*, administration_id: int, key: str) -> int:
    administration = Administration.objects.filter(pk=administration_id).first()
    if administration is None:
        logger.warning("Administration %s is gone; no reminders sent.", administration_id)
        return 0
    return reminders.send_reminders(administration=administration, key=key, now=timezone.now())


@shared_task(
    base=OutboxTask,
    name="assessments.send_comparison_link",
    delayed_notice="The sign-up link will be emailed as soon as the mail queue is back.",
)
def send_comparison_link(*, link_id: int) -> None:
    link = ComparisonLink.objects.select_related("program", "created_by").filter(pk=link_id).first()
    if link is None:
        logger.warning("Comparison link %s is gone; nothing sent.", link_id)
        return
    notifications.send_comparison_link(link=link)
