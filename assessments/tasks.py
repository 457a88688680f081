"""Thin Celery tasks: primitive ids in, look up, call the reminder service (which mails through
assessments.notifications)."""

import logging

from celery import shared_task
from django.utils import timezone

from assessments.models import Administration
from assessments.services import reminders

logger = logging.getLogger(__name__)


@shared_task(name="assessments.send_due_notifications")
def send_due_notifications() -> dict[str, int]:
    counts = reminders.send_due_notifications(now=timezone.now())
    logger.info("Assessment notifications sent: %s", counts)
    return counts


@shared_task(name="assessments.send_reminders")
def send_reminders(*, administration_id: int, key: str) -> int:
    administration = Administration.objects.filter(pk=administration_id).first()
    if administration is None:
        logger.warning("Administration %s is gone; no reminders sent.", administration_id)
        return 0
    return reminders.send_reminders(administration=administration, key=key, now=timezone.now())
