"""Celery tasks: thin wrappers that look objects up by id, log and return if they are gone,
and call teaching.notifications. Services queue them with transaction.on_commit. The task
names predate the move from partners; queued messages still carry them."""

import logging

from celery import shared_task

from partners.models import FacultyMember
from rotation.models import Program
from teaching import notifications
from teaching.models import TeachingWithdrawal, VolunteerOffer

logger = logging.getLogger(__name__)


@shared_task(name="partners.send_offer_decision")
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


@shared_task(name="partners.send_new_offer_notice")
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


@shared_task(name="partners.send_withdrawal_notice")
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


@shared_task(name="partners.send_recognition_letter")
def send_recognition_letter(*, faculty_member_id: int, program_id: int, signed_by: str) -> None:
    member = FacultyMember.objects.filter(pk=faculty_member_id).first()
    program = Program.objects.filter(pk=program_id).first()
    if member is None or program is None:
        logger.info("Faculty member %s or program %s is gone.", faculty_member_id, program_id)
        return
    notifications.send_recognition_letter(member=member, program=program, signed_by=signed_by)
