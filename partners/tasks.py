"""Celery tasks: thin wrappers that look objects up by id, log and return if they are gone,
and send the email. Services queue them through the outbox."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.tasks import OutboxTask
from partners.models import FacultyInvitation, FacultyMember, TeachingWithdrawal, VolunteerOffer
from partners.pdf import letter_filename, recognition_letter_pdf
from partners.selectors import invitation_token, teaching_record
from rotation.models import Program

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@shared_task(
    base=OutboxTask,
    name="partners.send_faculty_invitation",
    delayed_notice="The invitation will be sent as soon as the mail queue is back.",
)
def send_faculty_invitation(*, invitation_id: int) -> None:
    invitation = (
        FacultyInvitation.objects.filter(pk=invitation_id, accepted_at=None, revoked_at=None)
        .select_related("faculty_member__organization", "invited_by")
        .first()
    )
    if invitation is None:
        logger.info("Invitation %s is gone or closed; nothing sent.", invitation_id)
        return
    member = invitation.faculty_member
    link = _absolute(
        reverse("partners:accept_invitation", args=[invitation_token(invitation=invitation)])
    )
    context = {
        "member": member,
        "link": link,
        "invitation": invitation,
        "days": settings.PARTNERS_INVITATION_DAYS,
    }
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You are invited to teach in Mini-Rotation",
        render_to_string("partners/email/invitation.txt", context),
        None,
        [member.email],
    )


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
    verb = "confirmed" if offer.status == VolunteerOffer.Status.CONFIRMED else "declined"
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your offer to teach was {verb}",
        render_to_string(
            "partners/email/offer_decision.txt",
            {"offer": offer, "verb": verb, "link": _absolute(reverse("partners:my_teaching"))},
        ),
        None,
        [offer.faculty_member.email],
    )


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
    directors = list(offer.program.directors.values_list("email", flat=True))
    if not directors:
        return
    link = _absolute(reverse("partners:program_volunteers", args=[offer.program.slug]))
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{offer.faculty_member.full_name} volunteers "
        f"to teach “{offer.session or offer.topic}”",
        render_to_string("partners/email/new_offer.txt", {"offer": offer, "link": link}),
        None,
        directors,
    )


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
    directors = list(withdrawal.session.program.directors.values_list("email", flat=True))
    if not directors:
        logger.warning("Program %s has no director to tell.", withdrawal.session.program_id)
        return
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{withdrawal.faculty_member.full_name} "
        f"withdrew from “{withdrawal.session.title}”",
        render_to_string("partners/email/withdrawal.txt", {"withdrawal": withdrawal}),
        None,
        directors,
    )


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
    record = teaching_record(faculty_member=member, program=program)
    message = EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Thank you for teaching in {program.name}",
        render_to_string("partners/email/recognition.txt", {"record": record}),
        to=[member.email],
    )
    message.attach(
        letter_filename(record),
        recognition_letter_pdf(record=record, signed_by=signed_by),
        "application/pdf",
    )
    message.send()
