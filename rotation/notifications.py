"""Emails about the course: schedule announcements, changes, invitations, excusal letters.
Called by the Celery tasks in rotation/tasks.py, never directly by views."""

import logging
from collections.abc import Iterable

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact
from partners.selectors import contacts_with_role
from rotation.documents import excusal_letter_pdf, render_pdf
from rotation.models import Enrollment, ExcusalLetter, Program, SeminarSession, User
from rotation.selectors.letters import excusal_letter_context
from rotation.selectors.schedule import logistics_for_day

logger = logging.getLogger(__name__)
SUBJECT_PREFIX = "[Mini-Rotation] "


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages)


def _message(*, to: str, subject: str, template: str, context: dict) -> EmailMessage:
    body = render_to_string(template, context)
    return EmailMessage(SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _learner_emails(program: Program) -> list[str]:
    return sorted(
        set(
            program.enrollments.filter(status=Enrollment.Status.ENROLLED).values_list(
                "learner__email", flat=True
            )
        )
    )


def send_publication_notices(*, program: Program, session_ids: list[int]) -> int:
    """Announce newly published sessions that are still ahead: one email per learner with the
    program's whole upcoming schedule, one per faculty member with their own upcoming sessions,
    new ones marked. Sessions already past are published quietly; if none is ahead, nobody is
    emailed."""
    upcoming = list(
        program.sessions.filter(
            status=SeminarSession.Status.PUBLISHED, starts_at__gte=timezone.now()
        )
        .select_related("room__site")
        .prefetch_related("faculty_assignments__faculty_member")
        .order_by("starts_at")
    )
    new = {session.pk for session in upcoming} & set(session_ids)
    if not new:
        return 0
    messages = [
        _message(
            to=email,
            subject=f"Schedule published: {program.name}",
            template="rotation/email/schedule_published.txt",
            context={"program": program, "sessions": upcoming, "new": new, "audience": "learner"},
        )
        for email in _learner_emails(program)
    ]
    teaching: dict[str, list[SeminarSession]] = {}
    announced: set[str] = set()
    for session in upcoming:
        for assignment in session.faculty_assignments.all():
            if assignment.confirmation != "declined":
                email = assignment.faculty_member.email.lower()
                teaching.setdefault(email, []).append(session)
                if session.pk in new:
                    announced.add(email)
    messages += [
        _message(
            to=email,
            subject=f"Your teaching schedule: {program.name}",
            template="rotation/email/schedule_published.txt",
            context={"program": program, "sessions": own, "new": new, "audience": "faculty"},
        )
        for email, own in sorted(teaching.items())
        if email in announced
    ]
    return _send(messages)


def send_change_notices(*, session: SeminarSession, summary: str) -> int:
    """Tell the session's learners and faculty what changed (time, room or cancellation)."""
    program = session.program
    faculty = {
        a.faculty_member.email.lower()
        for a in session.faculty_assignments.select_related("faculty_member")
        if a.confirmation != "declined"
    }
    recipients = sorted(set(_learner_emails(program)) | faculty)
    subject = ("Cancelled: " if session.is_cancelled else "Changed: ") + session.title
    return _send(
        [
            _message(
                to=email,
                subject=subject,
                template="rotation/email/session_changed.txt",
                context={"program": program, "session": session, "changes": summary.splitlines()},
            )
            for email in recipients
        ]
    )


def invitation_url(*, user: User, base_url: str) -> str:
    """allauth's password-reset-from-key link: the learner chooses their password there."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation(*, user: User, program: Program, base_url: str) -> int:
    return send_invitations(users=[user], program=program, base_url=base_url)


def send_invitations(*, users: Iterable[User], program: Program, base_url: str) -> int:
    """Invite new learners (a roster import's thousands) over one mail connection."""
    login_url = base_url.rstrip("/") + reverse("account_login")
    return _send(
        [
            _message(
                to=user.email,
                subject=f"You are enrolled in {program.name}",
                template="rotation/email/invitation.txt",
                context={
                    "user": user,
                    "program": program,
                    "url": invitation_url(user=user, base_url=base_url),
                    "login_url": login_url,
                },
            )
            for user in users
        ]
    )


def send_excusal_letter(*, letter: ExcusalLetter) -> bool:
    """Email the letter as a PDF to the learner's residency program director; record the
    outcome on the letter (sent at, or failed with the reason)."""
    if letter.status != ExcusalLetter.Status.QUEUED:
        # Already sent (a retried or duplicated task): only an explicit re-send queues it again.
        logger.info("Excusal letter %s is %s, not queued; not sent.", letter.pk, letter.status)
        return False
    enrollment = letter.enrollment
    learner = enrollment.learner
    try:
        context = excusal_letter_context(enrollment=enrollment)
        pdf = excusal_letter_pdf(context=context)
        message = _message(
            to=learner.program_director_email,
            subject=f"Clinical-duty excusal: {learner.full_name}, {enrollment.program.name}",
            template="rotation/email/excusal_letter.txt",
            context=context,
        )
        message.cc = [learner.email]
        slug = f"{learner.last_name}-{learner.first_name}".lower().replace(" ", "-")
        message.attach(f"excusal-letter-{slug}.pdf", pdf, "application/pdf")
        _send([message])
    except Exception as error:  # any failure is shown to the director, who can re-send
        logger.warning("Excusal letter %s failed: %s", letter.pk, error)
        letter.status = ExcusalLetter.Status.FAILED
        letter.failure_reason = str(error)[:500] or error.__class__.__name__
        letter.save(update_fields=["status", "failure_reason", "updated_at"])
        return False
    letter.status = ExcusalLetter.Status.SENT
    letter.sent_at = timezone.now()
    letter.sent_to = learner.program_director_email
    letter.failure_reason = ""
    letter.save(update_fields=["status", "sent_at", "sent_to", "failure_reason", "updated_at"])
    return True


def send_logistics_sheet(*, program: Program, day) -> int:
    """Email the day's logistics sheet (PDF attached) to the AV contacts of each partner whose
    rooms host a session that day. Returns the number of emails sent (0: no AV contact)."""
    context = {"program": program, **logistics_for_day(program=program, day=day)}
    hosts = {
        row.session.room.site.organization
        for row in context["rows"]
        if row.session.room is not None
    }
    recipients = sorted(
        {
            contact.email.lower()
            for host in hosts
            for contact in contacts_with_role(host, Contact.Role.AV_CONTACT)
        }
    )
    if not recipients:
        logger.info("No AV contact for the logistics of %s on %s; nothing sent.", program, day)
        return 0
    pdf = render_pdf(template="rotation/pdf/logistics.html", context=context)
    messages = []
    for email in recipients:
        message = _message(
            to=email,
            subject=f"Logistics for {day:%A %-d %B}: {program.name}",
            template="rotation/email/logistics_sheet.txt",
            context=context,
        )
        message.attach(f"logistics-{program.slug}-{day:%Y-%m-%d}.pdf", pdf, "application/pdf")
        messages.append(message)
    return _send(messages)
