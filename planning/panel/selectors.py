"""Reads about the advisory panel: a program's or the partnership's meetings, one meeting's
record, the people who may be invited, the action items a user sees, and the reminders due."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from accounts.roles import directs_any_program
from planning.models import (
    ActionItem,
    ActionReminder,
    AdvisoryMeeting,
    MeetingAttendee,
    TeamMember,
)
from rotation.models import Program


def _with_counts(meetings: QuerySet[AdvisoryMeeting]) -> QuerySet[AdvisoryMeeting]:
    return meetings.annotate(
        invited_count=Count("attendees", distinct=True),
        attended_count=Count("attendees", filter=Q(attendees__attended=True), distinct=True),
        open_action_count=Count(
            "actions", filter=Q(actions__status=ActionItem.Status.OPEN), distinct=True
        ),
    ).order_by("-starts_at", "-pk")


def meetings_for_program(*, program: Program) -> QuerySet[AdvisoryMeeting]:
    """The program's meetings, newest first, with attendance and open-action counts: 1 query."""
    return _with_counts(AdvisoryMeeting.objects.filter(program=program))


def partnership_meetings() -> QuerySet[AdvisoryMeeting]:
    """The meetings of the whole partnership, newest first, counted as above: 1 query."""
    return _with_counts(AdvisoryMeeting.objects.filter(program__isnull=True))


def get_meeting(*, pk: int) -> AdvisoryMeeting:
    """A meeting by id, for views that then check the permission on it; 404 if there is none."""
    try:
        return AdvisoryMeeting.objects.select_related("program", "created_by").get(pk=pk)
    except AdvisoryMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None


def get_action(*, pk: int) -> ActionItem:
    """An action item by id with its meeting, for views that then check the permission."""
    try:
        return ActionItem.objects.select_related("meeting__program").get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404("No such action item.") from None


@dataclass(frozen=True)
class MeetingRecord:
    attendees: list[MeetingAttendee]
    actions: list[ActionItem]


def meeting_record(*, meeting: AdvisoryMeeting) -> MeetingRecord:
    """Who was invited and attended, and the meeting's action items with their owners: 2
    queries whatever the size."""
    return MeetingRecord(
        attendees=list(meeting.attendees.select_related("user", "member")),
        actions=list(meeting.actions.select_related("owner", "done_by").order_by("due_on", "pk")),
    )


@dataclass(frozen=True)
class Candidate:
    """Someone who may be invited to a meeting: a planning-team member (joined or not) or an
    account (directors, liaisons). `key` is what forms post."""

    key: str
    label: str
    name: str
    user_id: int | None = None
    member_id: int | None = None


def meeting_candidates(*, program: Program | None) -> list[Candidate]:
    """The people who may be invited: the program's planning team and directors; for a
    partnership meeting, every planning-team member, liaison and course director. 2 queries."""
    members = TeamMember.objects.select_related("organization", "program").order_by("name")
    User = get_user_model()
    if program is not None:
        members = members.filter(program=program)
        users = User.objects.filter(directed_programs=program)
    else:
        users = User.objects.filter(
            Q(directed_programs__isnull=False) | Q(liaison_organizations__isnull=False)
        )
    candidates, seen_users = [], set()
    for member in members:
        if member.user_id in seen_users:
            continue
        where = member.organization or (member.program if program is None else None)
        label = f"{member.name} ({member.get_role_display()}{f', {where}' if where else ''})"
        candidates.append(
            Candidate(f"member-{member.pk}", label, member.name, member.user_id, member.pk)
        )
        if member.user_id:
            seen_users.add(member.user_id)
    for user in users.exclude(pk__in=seen_users).distinct().order_by("last_name", "email"):
        candidates.append(
            Candidate(f"user-{user.pk}", f"{user} ({user.email})", str(user), user.pk)
        )
    return candidates


def action_owners(*, program: Program | None):
    """Who may own an action: the accounts among the meeting's candidates (1 query)."""
    User = get_user_model()
    if program is not None:
        people = Q(planning_memberships__program=program) | Q(directed_programs=program)
    else:
        people = (
            Q(planning_memberships__isnull=False)
            | Q(directed_programs__isnull=False)
            | Q(liaison_organizations__isnull=False)
        )
    ids = User.objects.filter(people, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


def actions_for_user(*, user, status: str = ActionItem.Status.OPEN) -> QuerySet[ActionItem]:
    """The action items of the meetings the user runs (staff: all) and the ones they own, of
    one status, soonest due first, with their owner and their meeting's title and program's
    name (`meeting_title`, `program_name`): 1 query."""
    actions = ActionItem.objects.filter(status=status)
    if not user.is_staff:
        runs = Q(meeting__program__directors=user)
        if directs_any_program(user):
            runs |= Q(meeting__program__isnull=True)
        ids = ActionItem.objects.filter(runs | Q(owner=user)).values("pk")
        actions = actions.filter(pk__in=ids)
    return (
        actions.select_related("owner")
        .annotate(meeting_title=F("meeting__title"), program_name=F("meeting__program__name"))
        .order_by("due_on", "pk")
    )


# --- Reminders ----------------------------------------------------------------------------------

# How long before the due date each reminder goes out (the overdue one: the day after it).
REMINDER_LEAD = {
    ActionReminder.Kind.WEEK: timedelta(days=7),
    ActionReminder.Kind.DAY: timedelta(days=1),
}


def reminder_kind(*, due_on: date, today: date) -> str | None:
    """Which reminder an open action is due today: a week before (from 7 to 2 days before),
    the day before (or on the day), overdue (after it). A job that missed a day catches up with
    the latest one only."""
    if today > due_on:
        return ActionReminder.Kind.OVERDUE
    if today >= due_on - REMINDER_LEAD[ActionReminder.Kind.DAY]:
        return ActionReminder.Kind.DAY
    if today >= due_on - REMINDER_LEAD[ActionReminder.Kind.WEEK]:
        return ActionReminder.Kind.WEEK
    return None


def actions_to_remind(*, today: date) -> QuerySet[ActionItem]:
    """Open actions due within a week or overdue, of partnership meetings and of programs that
    are not archived, with their reminders sent so far."""
    return (
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN,
            owner__isnull=False,
            due_on__lte=today + REMINDER_LEAD[ActionReminder.Kind.WEEK],
            meeting__program__archived_at__isnull=True,
        )
        .select_related("meeting")
        .prefetch_related("reminders")
        .order_by("pk")
    )
