"""Celery tasks: thin wrappers that look the object up by id, log and return if it is gone, and
call planning.notifications. Services queue them with transaction.on_commit."""

import logging

from celery import shared_task

from outbox.tasks import OutboxTask
from planning import notifications
from planning.models import Proposal, TeamInvitation

logger = logging.getLogger(__name__)


@shared_task(
    base=OutboxTask,
    name="planning.send_team_invitation",
    delayed_notice="The invitation will be sent as soon as the mail queue is back.",
)
def send_team_invitation(*, invitation_id: int) -> int:
    invitation = (
        TeamInvitation.objects.filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .select_related("member__program", "invited_by")
        .first()
    )
    if invitation is None:
        logger.info("Planning invitation %s is gone or closed; nothing sent.", invitation_id)
        return 0
    return notifications.send_team_invitation(invitation=invitation)


@shared_task(
    base=OutboxTask,
    name="planning.notify_proposal_decided",
    delayed_notice="The proposer will be told as soon as the mail queue is back.",
)
def notify_proposal_decided(*, proposal_id: int) -> int:
    proposal = (
        Proposal.objects.filter(pk=proposal_id)
        .exclude(status=Proposal.Status.OPEN)
        .select_related("program", "proposed_by", "topic")
        .first()
    )
    if proposal is None:
        logger.info("Proposal %s is gone or undecided; nothing sent.", proposal_id)
        return 0
    return notifications.send_proposal_decision(proposal=proposal)
