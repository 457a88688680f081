"""Celery tasks: thin wrappers that look objects up by id, log and return if they are gone,
and call teaching.notifications. Services start them through the outbox. The task
names predate the move from partners; queued messages still carry them."""

import logging

from celery import shared_task
from django.utils import timezone

from outbox.tasks import OutboxTask
from partners.models import FacultyMember
from rotation.models import Program
from teaching import notifications, services
from teaching.models import FacultySurvey, TeachingWithdrawal, VolunteerOffer

logger = logging.getLogger(__name__)


@shared_task(
    base=OutboxTask,
    name="partners.send_offer_decision",
    delayed_notice="The faculty member will be emailed as soon as the mail queue is back.",
)
def send_offer_decision(*, offer_id: int) -> None:
    offer = (
        VolunteerOffer.objects.filter(pk=offer_id)
        .select_related("faculty_member", "program", "session__room__site", "topic")
        .first()
    )
    if offer is None:
        logger.info("Volunteer offer %s is gone; nothing sent.", offer_id)
        return
    notifications.send_offer_decision(offer=offer)


@shared_task(
    base=OutboxTask,
    name="partners.send_new_offer_notice",
    delayed_notice="The program's directors will be told as soon as the mail queue is back.",
)
def send_new_offer_notice(*, offer_id: int) -> None:
    offer = (
        VolunteerOffer.objects.filter(pk=offer_id, status=VolunteerOffer.Status.OFFERED)
        .select_related("faculty_member__organization", "program", "session", "topic")
        .first()
    )
    if offer is None:
        logger.info("Volunteer offer %s is gone or decided; nothing sent.", offer_id)
        return
    notifications.send_new_offer_notice(offer=offer)


@shared_task(
    base=OutboxTask,
    name="partners.send_withdrawal_notice",
    delayed_notice="The program's directors will be told as soon as the mail queue is back.",
)
def send_withdrawal_notice(*, withdrawal_id: int) -> None:
    withdrawal = (
        TeachingWithdrawal.objects.filter(pk=withdrawal_id)
        .select_related("faculty_member", "session__program")
        .first()
    )
    if withdrawal is None:
        logger.info("Withdrawal %s is gone; nothing sent.", withdrawal_id)
        return
    notifications.send_withdrawal_notice(withdrawal=withdrawal)


@shared_task(
    base=OutboxTask,
    name="partners.send_recognition_letter",
    delayed_notice="The letter will be sent as soon as the mail queue is back.",
)
def send_recognition_letter(*, faculty_member_id: int, program_id: int, signed_by: str) -> None:
    member = FacultyMember.objects.filter(pk=faculty_member_id).first()
    program = Program.objects.filter(pk=program_id).first()
    if member is None or program is None:
        logger.info("Faculty member %s or program %s is gone.", faculty_member_id, program_id)
        return
    notifications.send_recognition_letter(member=member, program=program, signed_by=signed_by)


@shared_task(name="teaching.send_faculty_survey_invitations")
def send_faculty_survey_invitations() -> dict[str, int]:
    """Beat: invite the faculty of programs that ended; remind once after a week."""
    counts = services.send_faculty_surveys(now=timezone.now())
    logger.info("Faculty surveys: %s", counts)
    return counts


@shared_task(
    base=OutboxTask,
    name="teaching.send_faculty_survey",
    delayed_notice="The survey will be sent as soon as the mail queue is back.",
)
def send_faculty_survey(*, survey_id: int, kind: str) -> None:
    survey = (
        FacultySurvey.objects.filter(pk=survey_id, submitted_at=None)
        .select_related("faculty_member", "program")
        .first()
    )
    if survey is None:
        logger.info("Survey %s is gone or answered; nothing sent.", survey_id)
        return
    notifications.send_faculty_survey(survey=survey, kind=kind)
