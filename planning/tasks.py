"""Celery tasks: thin wrappers that look the object up by id, log and return if it is gone, and
call planning.notifications. Services queue them with transaction.on_commit."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from outbox.tasks import OutboxTask
from planning import notifications
from planning.models import CoTeaching, Proposal, TeamInvitation
from planning.panel import services as panel_services
from planning.patients.services import request_due_feedback

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


@shared_task(name="planning.queue_action_reminders")
def queue_action_reminders() -> int:
    """Beat: queue the reminders due today; idempotent, so running it often is fine."""
    queued = panel_services.queue_action_reminders(now=timezone.now())
    logger.info("Action reminders queued: %s", queued)
    return queued


@shared_task(name="planning.request_patient_feedback")
def request_patient_feedback() -> int:
    """Beat: patient partners whose session ended are asked for feedback, once each."""
    requested = request_due_feedback(now=timezone.now())
    logger.info("Patient partners asked for feedback: %s", requested)
    return requested


@shared_task(
    base=OutboxTask,
    name="planning.send_action_reminder",
    delayed_notice="The reminder will be sent as soon as the mail queue is back.",
)
def send_action_reminder(*, reminder_id: int) -> int:
    """Send the reminder once: the row is locked while the mail goes out and marked sent."""
    with transaction.atomic():
        reminder = panel_services.claim_reminder(reminder_id=reminder_id)
        if reminder is None:
            logger.info("Reminder %s was sent, or its action is done or gone.", reminder_id)
            return 0
        sent = notifications.send_action_reminder(reminder=reminder)
        panel_services.mark_reminder_sent(reminder=reminder)
    return sent


@shared_task(
    base=OutboxTask,
    name="planning.send_patient_feedback_request",
    delayed_notice="The feedback link will be sent as soon as the mail queue is back.",
)
def send_patient_feedback_request(*, co_teaching_id: int) -> int:
    co_teaching = (
        CoTeaching.objects.filter(pk=co_teaching_id)
        .select_related("member", "session__program")
        .first()
    )
    if co_teaching is None:
        logger.info("Co-teaching %s is gone; no feedback link sent.", co_teaching_id)
        return 0
    return notifications.send_patient_feedback_request(co_teaching=co_teaching)
