"""Emails about planning: invitations to a planning team. Called by planning/tasks.py, never by
views."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from planning.models import TeamInvitation
from planning.selectors import invitation_token


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_team_invitation(*, invitation: TeamInvitation) -> int:
    member = invitation.member
    link = _absolute(reverse("planning:join", args=[invitation_token(invitation=invitation)]))
    context = {
        "member": member,
        "program": member.program,
        "invitation": invitation,
        "link": link,
        "days": settings.PARTNERS_INVITATION_DAYS,
    }
    return send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Join the planning team of {member.program.name}",
        render_to_string("planning/email/invitation.txt", context),
        None,
        [member.email],
    )
