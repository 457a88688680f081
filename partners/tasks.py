"""Celery tasks: thin wrappers that look the object up by id, log and return if it is gone,
and call partners.notifications. Services queue them with transaction.on_commit."""

import logging

from celery import shared_task

from partners import notifications
from partners.models import FacultyInvitation

logger = logging.getLogger(__name__)


@shared_task(name="partners.send_faculty_invitation")
def send_faculty_invitation(*, invitation_id: int) -> None:
    invitation = (
        FacultyInvitation.objects.filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .select_related("faculty_member__organization", "invited_by")
        .first()
    )
    if invitation is None:
        logger.info("Invitation %s is gone or closed; nothing sent.", invitation_id)
        return
    notifications.send_faculty_invitation(invitation=invitation)
