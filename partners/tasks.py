"""Celery tasks: thin wrappers that look the object up by id, log and return if it is gone,
and call partners.notifications. Services start them through the outbox."""

import logging

from celery import shared_task

from outbox.tasks import OutboxTask
from partners import notifications
from partners.models import FacultyInvitation, LiaisonInvitation

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
