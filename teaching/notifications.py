"""Emails about teaching: offers to volunteer and the directors' decisions, withdrawals, and
recognition letters. Called by the Celery tasks in teaching/tasks.py, never directly by views."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import FacultyMember
from partners.notifications import absolute_url
from rotation.models import Program
from teaching.models import FacultySurvey, TeachingWithdrawal, VolunteerOffer
from teaching.pdf import letter_filename, recognition_letter_pdf
from teaching.selectors.recognition import teaching_record

logger = logging.getLogger(__name__)


def send_offer_decision(*, offer: VolunteerOffer) -> None:
    verb = "confirmed" if offer.status == VolunteerOffer.Status.CONFIRMED else "declined"
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your offer to teach was {verb}",
        render_to_string(
            "teaching/email/offer_decision.txt",
            {"offer": offer, "verb": verb, "link": absolute_url(reverse("teaching:my_teaching"))},
        ),
        None,
        [offer.faculty_member.email],
    )


def send_new_offer_notice(*, offer: VolunteerOffer) -> None:
    directors = list(offer.program.directors.values_list("email", flat=True))
    if not directors:
        return
    link = absolute_url(reverse("teaching:program_volunteers", args=[offer.program.slug]))
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{offer.faculty_member.full_name} volunteers "
        f"to teach “{offer.session or offer.topic}”",
        render_to_string("teaching/email/new_offer.txt", {"offer": offer, "link": link}),
        None,
        directors,
    )


def send_withdrawal_notice(*, withdrawal: TeachingWithdrawal) -> None:
    directors = list(withdrawal.session.program.directors.values_list("email", flat=True))
    if not directors:
        logger.warning("Program %s has no director to tell.", withdrawal.session.program_id)
        return
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{withdrawal.faculty_member.full_name} "
        f"withdrew from “{withdrawal.session.title}”",
        render_to_string("teaching/email/withdrawal.txt", {"withdrawal": withdrawal}),
        None,
        directors,
    )


def send_recognition_letter(*, member: FacultyMember, program: Program, signed_by: str) -> None:
    record = teaching_record(faculty_member=member, program=program)
    message = EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Thank you for teaching in {program.name}",
        render_to_string("teaching/email/recognition.txt", {"record": record}),
        to=[member.email],
    )
    message.attach(
        letter_filename(record),
        recognition_letter_pdf(record=record, signed_by=signed_by),
        "application/pdf",
    )
    message.send()


def send_faculty_survey(*, survey: FacultySurvey, kind: str) -> None:
    """The invitation to the faculty experience survey, or its one reminder."""
    link = absolute_url(reverse("teaching:faculty_survey", args=[survey.program.slug]))
    subject = (
        f"How did teaching in {survey.program.name} go for you?"
        if kind == "invitation"
        else f"Reminder: two minutes on teaching in {survey.program.name}"
    )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        render_to_string(
            "teaching/email/faculty_survey.txt", {"survey": survey, "link": link, "kind": kind}
        ),
        None,
        [survey.faculty_member.email],
    )
