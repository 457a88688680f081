"""Celery tasks: thin wrappers that look the object up by id, log and return if it is gone,
and call partners.notifications. Services start them through the outbox."""

import logging

from celery import shared_task
from django.utils import timezone

from outbox.tasks import OutboxTask
from partners import notifications, services
from partners.models import Agreement, FacultyInvitation, LiaisonInvitation

logger = logging.getLogger(__name__)


@shared_task(
    base=OutboxTask,
    name="partners.send_faculty_invitation",
    delayed_notice="The invitation will be sent as soon as the mail queue is back.",
)
def send_faculty_invitation(*, invitation_id: int, base_url: str = "") -> None:
    invitation = (
        FacultyInvitation.objects.filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .select_related("faculty_member__organization", "invited_by")
        .first()
    )
    if invitation is None:
        logger.info("Invitation %s is gone or closed; nothing sent.", invitation_id)
        return
    notifications.send_faculty_invitation(invitation=invitation, base_url=base_url)


@shared_task(
    base=OutboxTask,
    name="partners.send_liaison_invitation",
    delayed_notice="The invitation will be sent as soon as the mail queue is back.",
)
def send_liaison_invitation(*, invitation_id: int, base_url: str = "") -> None:
    invitation = (
        LiaisonInvitation.objects.filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .select_related("organization", "invited_by")
        .first()
    )
    if invitation is None:
        logger.info("Liaison invitation %s is gone or closed; nothing sent.", invitation_id)
        return
    notifications.send_liaison_invitation(invitation=invitation, base_url=base_url)


@shared_task(name="partners.send_agreement_reminders")
def send_agreement_reminders() -> int:
    """Beat: record and queue the reminders of agreements ending in 60 and 14 days."""
    queued = services.send_agreement_reminders(today=timezone.localdate())
    logger.info("Agreement reminders queued: %s", queued)
    return queued


@shared_task(
    base=OutboxTask,
    name="partners.send_agreement_reminder",
    delayed_notice="The reminder will be sent as soon as the mail queue is back.",
)
def send_agreement_reminder(*, agreement_id: int, days_before: int) -> int:
    agreement = (
        Agreement.objects.filter(pk=agreement_id).select_related("organization", "sponsor").first()
    )
    if agreement is None:
        logger.info("Agreement %s is gone; no reminder sent.", agreement_id)
        return 0
    return notifications.send_agreement_reminder(agreement=agreement, days_before=days_before)
