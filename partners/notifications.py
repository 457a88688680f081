"""Emails about the partner directory: invitations to faculty members and liaisons, and an
agreement's reminders before it ends.
Called by the Celery tasks in partners/tasks.py, never directly by views."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import Agreement, FacultyInvitation, LiaisonInvitation
from partners.selectors import (
    invitation_token,
    liaison_invitation_token,
    partnership_recipients,
)


def absolute_url(path: str, *, base_url: str = "") -> str:
    """The path on `base_url` (the address of the request that asked for the mail), else on
    SITE_URL (mail sent with no request behind it)."""
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def send_faculty_invitation(*, invitation: FacultyInvitation, base_url: str = "") -> None:
    member = invitation.faculty_member
    link = absolute_url(
        reverse("partners:accept_invitation", args=[invitation_token(invitation=invitation)]),
        base_url=base_url,
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


def send_liaison_invitation(*, invitation: LiaisonInvitation, base_url: str = "") -> None:
    token = liaison_invitation_token(invitation=invitation)
    link = absolute_url(
        reverse("partners:accept_liaison_invitation", args=[token]), base_url=base_url
    )
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "link": link,
        "days": settings.PARTNERS_INVITATION_DAYS,
    }
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Speak for {invitation.organization.name} "
        "in Mini-Rotation",
        render_to_string("partners/email/liaison_invitation.txt", context),
        None,
        [invitation.email],
    )


def send_agreement_reminder(*, agreement: Agreement, days_before: int) -> int:
    """Tell the organization's liaisons and the directors of its programs that the agreement
    ends in `days_before` days. Returns the number of emails sent."""
    recipients = partnership_recipients(organization=agreement.organization)
    if not recipients:
        return 0
    context = {
        "agreement": agreement,
        "days_before": days_before,
        "link": absolute_url(
            reverse("partners:agreement_list", args=[agreement.organization.slug])
        ),
    }
    subject = (
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}The agreement with "
        f"{agreement.organization.name} ends on {agreement.ends_on:%B} {agreement.ends_on.day}"
    )
    body = render_to_string("partners/email/agreement_reminder.txt", context)
    messages = [EmailMessage(subject, body, None, [email]) for email in recipients]
    with get_connection() as connection:
        return connection.send_messages(messages)
