"""Emails about planning: invitations to a planning team, the decision on a proposal to its
proposer, and a patient partner's feedback link after a session. Called by planning/tasks.py,
never by views."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from planning.models import ActionReminder, CoTeaching, Proposal, TeamInvitation
from planning.patients.selectors import feedback_closes_at, feedback_token
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


def send_proposal_decision(*, proposal: Proposal) -> int:
    """Tell the proposer whether their proposal was accepted (and as which topic) or declined
    (and why). Nothing is sent when their account is gone."""
    if proposal.proposed_by is None:
        return 0
    path = reverse("planning:proposal", args=[proposal.program.slug, proposal.pk])
    context = {"proposal": proposal, "program": proposal.program, "link": _absolute(path)}
    verb = proposal.get_status_display().lower()
    return send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your proposal “{proposal.title}” was {verb}",
        render_to_string("planning/email/proposal_decision.txt", context),
        None,
        [proposal.proposed_by.email],
    )


def send_action_reminder(*, reminder: ActionReminder) -> int:
    """Remind an action's owner that it is due in a week, tomorrow (or today), or overdue."""
    action = reminder.action
    meeting = action.meeting
    path = reverse("planning:meeting", args=[meeting.pk])
    context = {
        "action": action,
        "meeting": meeting,
        "reminder": reminder,
        "link": _absolute(path),
        "actions_link": _absolute(reverse("planning:actions")),
    }
    when = {
        ActionReminder.Kind.WEEK: f"is due on {action.due_on:%-d %B %Y}",
        ActionReminder.Kind.DAY: f"is due on {action.due_on:%-d %B %Y}",
        ActionReminder.Kind.OVERDUE: f"was due on {action.due_on:%-d %B %Y}",
    }[reminder.kind]
    return send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Action item {when}: {action.description[:60]}",
        render_to_string("planning/email/action_reminder.txt", {**context, "when": when}),
        None,
        [action.owner.email],
    )


def send_patient_feedback_request(*, co_teaching: CoTeaching) -> int:
    """Ask the patient partner, after the session, how its learners did: a signed link to the
    form, no account needed."""
    session, member = co_teaching.session, co_teaching.member
    path = reverse("planning:patient_feedback", args=[feedback_token(co_teaching=co_teaching)])
    context = {
        "member": member,
        "session": session,
        "program": session.program,
        "link": _absolute(path),
        "closes_at": feedback_closes_at(session=session),
    }
    return send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}How did the learners do? {session.title}",
        render_to_string("planning/email/patient_feedback_request.txt", context),
        None,
        [member.email],
    )
