"""Emails about the partner directory: a faculty member's invitation to set a password.
Called by the Celery tasks in partners/tasks.py, never directly by views."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import FacultyInvitation
from partners.selectors import invitation_token


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_faculty_invitation(*, invitation: FacultyInvitation) -> None:
    member = invitation.faculty_member
    link = absolute_url(
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
