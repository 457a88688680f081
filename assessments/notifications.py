"""Emails about assessments: the invitation and reminders with a personal sign-in link (called
by assessments/services/reminders.py, which decides who is due one), and the comparison-group
sign-up link for a residency program's director."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.links import LINK_MAX_AGE, comparison_link_path, personal_link
from assessments.models import Administration, ComparisonLink
from rotation.models import Learner


def send_notification(*, administration: Administration, learner: Learner, key: str) -> None:
    """Email one learner the invitation (key "invitation") or a reminder of an open window."""
    take = reverse("assessments:take", args=[administration.pk])
    link = settings.SITE_URL.rstrip("/") + personal_link(user=learner.user, next_url=take)
    context = {
        "administration": administration,
        "learner": learner,
        "link": link,
        "is_reminder": key != "invitation",
        "closes_at": timezone.localtime(administration.closes_at),
        "link_hours": LINK_MAX_AGE // 3600,
    }
    kind = administration.get_kind_display().lower()
    subject = (
        f"Reminder: your {kind} closes {context['closes_at']:%-d %B}"
        if context["is_reminder"]
        else f"Your {kind} is open"
    )
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=render_to_string("assessments/email/notification.txt", context),
        from_email=None,
        recipient_list=[learner.user.email],
    )


def send_comparison_link(*, link: ComparisonLink) -> None:
    """Email a comparison-group sign-up link to the residency program's director."""
    sender = link.created_by.get_full_name() if link.created_by else ""
    context = {
        "link": link,
        "url": settings.SITE_URL.rstrip("/") + comparison_link_path(link=link),
        "expires_at": timezone.localtime(link.expires_at),
        "sender": sender or "The Mini-Rotation course director",
    }
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Residents wanted for a comparison group: "
        f"{link.program.name}",
        message=render_to_string("assessments/email/comparison_link.txt", context),
        from_email=None,
        recipient_list=[link.program_director_email],
    )
