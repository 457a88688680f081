"""Emails of the reports app: the reminder of a coming partnership review. Called by the
Celery tasks in reports/tasks.py, never directly by views."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from partners.notifications import absolute_url
from partners.selectors import partnership_recipients
from reports.models import PartnershipReview


def send_review_reminder(*, review: PartnershipReview) -> int:
    """Remind the partner's liaisons and its programs' directors of the review meeting, with a
    link to its scorecard. Returns the number of emails sent."""
    recipients = partnership_recipients(organization=review.organization)
    link = absolute_url(
        reverse("reports:review_detail", args=[review.organization.slug, review.pk])
    )
    subject = (
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Partnership review with "
        f"{review.organization.name} on {review.held_on:%B} {review.held_on.day}"
    )
    body = render_to_string("reports/email/review_reminder.txt", {"review": review, "link": link})
    messages = [EmailMessage(subject, body, None, [email]) for email in recipients]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages)
