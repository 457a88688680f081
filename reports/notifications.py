"""Emails of the reports app: the reminder of a coming partnership review, and a partner's value
report to its billing contacts. Called by the Celery tasks in reports/tasks.py, never directly
by views."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from partners.notifications import absolute_url
from partners.selectors import contacts_with_role, partnership_recipients
from reports.models import PartnershipReview, ReportRun


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


def send_value_report(*, run: ReportRun) -> int:
    """Email a finished partner value report, the PDF attached, to the organization's billing
    contacts (Contact.Role.BILLING_CONTACT). Returns the number of emails sent."""
    organization = run.organization
    recipients = list(
        contacts_with_role(organization, "billing_contact").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    subject = (
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}The value of {organization.name}'s "
        f"contribution: {run.period}"
    )
    link = absolute_url(reverse("reports:partner_outcomes", args=[organization.slug]))
    body = render_to_string(
        "reports/email/value_report.txt", {"run": run, "organization": organization, "link": link}
    )
    with run.file.open("rb") as pdf:
        content = pdf.read()
    messages = []
    for email in recipients:
        message = EmailMessage(subject, body, None, [email])
        message.attach(f"value-report-{organization.slug}-{run.pk}.pdf", content, "application/pdf")
        messages.append(message)
    with get_connection() as connection:
        return connection.send_messages(messages)
