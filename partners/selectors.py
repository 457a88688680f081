"""Reads about partner organizations, their rooms, faculty and invitations, and what a partner
contributed to the programs it takes part in."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import (
    FacultyInvitation,
    FacultyMember,
    MeetingRoom,
    Organization,
    RoomBlackout,
)
from rotation.models import Enrollment, Program, SeminarSession, SessionFaculty

INVITATION_SALT = "partners.faculty-invitation"


def organizations_for_liaison(*, user) -> QuerySet[Organization]:
    organizations = Organization.objects.all() if user.is_staff else user.liaison_organizations
    return organizations.annotate(
        site_count=Count("sites", distinct=True),
        room_count=Count("sites__rooms", distinct=True),
        faculty_count=Count("faculty", distinct=True),
    ).order_by("name")


def organizations_managed_by(*, user) -> QuerySet[Organization]:
    """Organizations the user is a liaison of, or that partner in a program the user directs."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    ids = Organization.objects.filter(
        Q(liaisons=user) | Q(partnerships__program__directors=user)
    ).values("pk")
    return Organization.objects.filter(pk__in=ids)


def get_organization_for_manager(*, user, slug: str) -> Organization:
    """The organization with this slug if the user may manage it; 404 otherwise."""
    try:
        return organizations_managed_by(user=user).get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404("No such partner organization.") from None


def rooms_for_organization(*, organization: Organization) -> QuerySet[MeetingRoom]:
    now = timezone.now()
    upcoming = Q(sessions__starts_at__gte=now) & ~Q(sessions__status="cancelled")
    return (
        MeetingRoom.objects.filter(site__organization=organization)
        .select_related("site")
        .annotate(upcoming_count=Count("sessions", filter=upcoming))
        .order_by("site__name", "name")
    )


def upcoming_sessions_in_room(*, room: MeetingRoom) -> QuerySet[SeminarSession]:
    return (
        SeminarSession.objects.filter(room=room, ends_at__gte=timezone.now())
        .exclude(status=SeminarSession.Status.CANCELLED)
        .select_related("program", "topic")
        .order_by("starts_at")
    )


def faculty_for_organization(*, organization: Organization) -> QuerySet[FacultyMember]:
    return (
        FacultyMember.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related("expertise")
        .order_by("last_name", "first_name")
    )


def get_faculty_member_with_photo(*, pk: int) -> FacultyMember:
    """A faculty member who has a photo, for the photo view that then checks permissions."""
    try:
        return FacultyMember.objects.select_related("organization").exclude(photo="").get(pk=pk)
    except FacultyMember.DoesNotExist:
        raise Http404("No such photo.") from None


# --- Invitations --------------------------------------------------------------------------------


def invitation_token(*, invitation: FacultyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(*, token: str) -> FacultyInvitation | None:
    """The open invitation this token was made for, or None when it is bad, used or expired."""
    max_age = timedelta(days=settings.PARTNERS_INVITATION_DAYS)
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        FacultyInvitation.objects.filter(pk=pk, accepted_at=None, revoked_at=None)
        .select_related("faculty_member__organization", "faculty_member__user")
        .first()
    )


def account_exists(*, email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def room_booking_warnings(
    *, room: MeetingRoom | None, starts_at: datetime, ends_at: datetime
) -> list[str]:
    """Messages for a booking outside the room's bookable hours or on one of its blackout
    dates; the schedule editor shows them next to its conflict checks."""
    if room is None:
        return []
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    blackouts = room.blackouts.filter(date__in={start.date(), end.date()})
    return _room_messages(room, start, end, blackouts)


def _room_messages(room: MeetingRoom, start: datetime, end: datetime, blackouts) -> list[str]:
    messages = []
    if not room.is_active:
        messages.append(f"{room.name} is no longer in use.")
    opens, closes = room.bookable_from, room.bookable_until
    if (opens and start.time() < opens) or (
        closes and (end.date() > start.date() or end.time() > closes)
    ):
        hours = f"{opens:%H:%M}" if opens else "any time"
        hours += f"–{closes:%H:%M}" if closes else ""
        messages.append(f"{room.name} can be booked only {hours}.")
    for blackout in blackouts:
        reason = f" ({blackout.reason})" if blackout.reason else ""
        messages.append(
            f"{room.name} is closed on {date_format(blackout.date, 'D j M Y')}{reason}."
        )
    return messages


def room_warnings_for_sessions(*, sessions) -> dict[int, list[str]]:
    """Room-booking warnings by session id, in at most one query, for the schedule editor.
    Expects sessions with room loaded."""
    sessions = [session for session in sessions if not session.is_cancelled]
    days = {timezone.localtime(session.starts_at).date() for session in sessions}
    rooms = {session.room_id for session in sessions if session.room_id}
    blackouts = defaultdict(list)
    if rooms:
        for blackout in RoomBlackout.objects.filter(room__in=rooms, date__in=days):
            blackouts[blackout.room_id].append(blackout)
    warnings = {}
    for session in sessions:
        if session.room is None:
            continue
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        closed = [b for b in blackouts[session.room_id] if b.date in {start.date(), end.date()}]
        found = _room_messages(session.room, start, end, closed)
        if found:
            warnings[session.pk] = found
    return warnings


# --- Teaching and contribution ---------------------------------------------------------------


def taught_hours(assignments) -> float:
    seconds = sum((a.ends_at - a.starts_at).total_seconds() for a in assignments)
    return round(seconds / 3600, 2)


def learners_enrolled(program_ids) -> int:
    return (
        Enrollment.objects.filter(program__in=program_ids, status=Enrollment.Status.ENROLLED)
        .values("learner")
        .distinct()
        .count()
    )


def taught_assignments(**filters) -> QuerySet[SessionFaculty]:
    """Confirmed faculty of published sessions: what counts as teaching in letters and reports."""
    return SessionFaculty.objects.filter(
        confirmation=SessionFaculty.Confirmation.CONFIRMED,
        session__status=SeminarSession.Status.PUBLISHED,
        **filters,
    ).select_related("session__room__site", "faculty_member")


@dataclass(frozen=True)
class FacultyContribution:
    faculty_member: FacultyMember
    sessions: int
    hours: float


@dataclass(frozen=True)
class Contribution:
    organization: Organization
    programs: list[Program]
    faculty: list[FacultyContribution]
    teaching_hours: float
    sessions_taught: int
    rooms: list[MeetingRoom]
    room_days: int
    sessions_hosted: int
    learners_reached: int
    printed_pages: int


def partner_contribution(*, organization: Organization, programs) -> Contribution:
    """What a partner gave to these programs: its faculty's confirmed teaching, its rooms, the
    learners enrolled in the programs it contributed to, and the pages it printed."""
    programs = list(programs)
    program_ids = [program.pk for program in programs]
    assignments = list(
        taught_assignments(
            faculty_member__organization=organization, session__program__in=program_ids
        )
    )
    by_member = defaultdict(list)
    for assignment in assignments:
        by_member[assignment.faculty_member].append(assignment)
    faculty = sorted(
        (
            FacultyContribution(member, len(rows), taught_hours(rows))
            for member, rows in by_member.items()
        ),
        key=lambda row: (row.faculty_member.last_name, row.faculty_member.first_name),
    )
    hosted = list(
        SeminarSession.objects.filter(
            program__in=program_ids,
            status=SeminarSession.Status.PUBLISHED,
            room__site__organization=organization,
        ).select_related("room__site")
    )
    rooms = sorted({session.room for session in hosted}, key=str)
    room_days = {(s.room_id, timezone.localtime(s.starts_at).date()) for s in hosted}
    contributed_to = {a.session.program_id for a in assignments} | {s.program_id for s in hosted}
    pages = organization.printing_records.filter(program__in=program_ids).aggregate(
        total=Sum("pages")
    )["total"]
    return Contribution(
        organization=organization,
        programs=programs,
        faculty=faculty,
        teaching_hours=taught_hours(assignments),
        sessions_taught=len({a.session_id for a in assignments}),
        rooms=rooms,
        room_days=len(room_days),
        sessions_hosted=len(hosted),
        learners_reached=learners_enrolled(contributed_to),
        printed_pages=pages or 0,
    )


def programs_of_partner(*, organization: Organization) -> QuerySet[Program]:
    """Programs the organization partners in, or that its faculty teach in."""
    ids = Program.objects.filter(
        Q(partnerships__organization=organization)
        | Q(sessions__faculty_assignments__faculty_member__organization=organization)
    ).values("pk")
    return Program.objects.filter(pk__in=ids).order_by("-start_date", "name")
