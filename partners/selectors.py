"""Reads about partner organizations, their rooms and faculty, availability and volunteering."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import (
    FacultyAvailability,
    FacultyInvitation,
    FacultyMember,
    MeetingRoom,
    Organization,
    PrintingRecord,
    RoomBlackout,
    VolunteerOffer,
)
from rotation.models import (
    Enrollment,
    Program,
    ProgramPartner,
    SeminarSession,
    SessionFaculty,
    Topic,
)
from rotation.selectors.access import programs_for_director

NOON = time(12, 0)
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


# --- Programs, seminar days and availability ----------------------------------------------------


def programs_for_faculty(*, faculty_member: FacultyMember) -> QuerySet[Program]:
    """Current and future programs the member's organization partners in, or that they teach in."""
    ids = Program.objects.filter(
        Q(partnerships__organization=faculty_member.organization_id)
        | Q(sessions__faculty_assignments__faculty_member=faculty_member)
    ).values("pk")
    return Program.objects.filter(pk__in=ids, end_date__gte=timezone.localdate()).order_by(
        "start_date", "name"
    )


def get_program_for_faculty(*, faculty_member: FacultyMember, slug: str) -> Program:
    try:
        return programs_for_faculty(faculty_member=faculty_member).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


def program_days(*, program: Program) -> list[date]:
    """The days a faculty member states availability for: each seminar day of a concentrated
    program, or each day a distributed program meets."""
    if program.format == Program.Format.CONCENTRATED:
        span = (program.end_date - program.start_date).days
        return [program.start_date + timedelta(days=offset) for offset in range(span + 1)]
    starts = (
        SeminarSession.objects.filter(program=program)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    return sorted({timezone.localtime(start).date() for start in starts})


def availability_for(*, faculty_member: FacultyMember, program: Program) -> dict[date, str]:
    rows = FacultyAvailability.objects.filter(faculty_member=faculty_member, program=program)
    return {row.day: row.choice for row in rows}


def covers(choice: str, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether an availability choice covers a session (morning ends, afternoon starts at noon)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if choice == FacultyAvailability.Choice.ALL_DAY:
        return True
    if choice == FacultyAvailability.Choice.MORNING:
        return end.date() == start.date() and end.time() <= NOON
    if choice == FacultyAvailability.Choice.AFTERNOON:
        return start.time() >= NOON
    return False


def availability_warnings(
    *, faculty_members, starts_at: datetime, ends_at: datetime, program: Program
) -> list[str]:
    """One message per faculty member whose stated availability does not cover this time.
    Members who stated nothing for the day get no warning: absence is not a refusal."""
    members = list(faculty_members)
    if not members:
        return []
    day = timezone.localtime(starts_at).date()
    stated = dict(
        FacultyAvailability.objects.filter(
            program=program, day=day, faculty_member__in=[member.pk for member in members]
        ).values_list("faculty_member_id", "choice")
    )
    messages = []
    for member in members:
        choice = stated.get(member.pk)
        if choice is not None and not covers(choice, starts_at, ends_at):
            messages.append(_outside_availability(member, choice, day))
    return messages


def _outside_availability(member: FacultyMember, choice: str, day: date) -> str:
    when = date_format(day, "D j M Y")
    if choice == FacultyAvailability.Choice.UNAVAILABLE:
        return f"{member.full_name} is not available on {when}."
    if choice == FacultyAvailability.Choice.MORNING:
        return f"{member.full_name} is available only until 12:00 on {when}."
    return f"{member.full_name} is available only from 12:00 on {when}."


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


def schedule_warnings_for_sessions(*, sessions) -> dict[int, list[str]]:
    """Availability and room-booking warnings by session id, in at most two queries, for the
    schedule editor. Expects sessions with room and faculty_assignments__faculty_member loaded."""
    sessions = [session for session in sessions if not session.is_cancelled]
    days = {timezone.localtime(session.starts_at).date() for session in sessions}
    members = {
        assignment.faculty_member_id
        for session in sessions
        for assignment in session.faculty_assignments.all()
        if assignment.confirmation != "declined"
    }
    stated = {}
    if members:
        rows = FacultyAvailability.objects.filter(
            faculty_member__in=members,
            program__in={session.program_id for session in sessions},
            day__in=days,
        ).values_list("faculty_member_id", "program_id", "day", "choice")
        stated = {(member, program, day): choice for member, program, day, choice in rows}
    rooms = {session.room_id for session in sessions if session.room_id}
    blackouts = defaultdict(list)
    if rooms:
        for blackout in RoomBlackout.objects.filter(room__in=rooms, date__in=days):
            blackouts[blackout.room_id].append(blackout)
    warnings = {}
    for session in sessions:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        found = []
        for assignment in session.faculty_assignments.all():
            if assignment.confirmation == "declined":
                continue
            choice = stated.get((assignment.faculty_member_id, session.program_id, start.date()))
            if choice is not None and not covers(choice, start, end):
                found.append(_outside_availability(assignment.faculty_member, choice, start.date()))
        if session.room is not None:
            closed = [b for b in blackouts[session.room_id] if b.date in {start.date(), end.date()}]
            found += _room_messages(session.room, start, end, closed)
        if found:
            warnings[session.pk] = found
    return warnings


# --- Volunteer board ----------------------------------------------------------------------------


@dataclass
class Slot:
    """An open teaching slot on the volunteer board, with how well it suits one member."""

    program: Program
    session: SeminarSession | None = None
    topic: Topic | None = None
    matched_expertise: list[str] = field(default_factory=list)
    availability: str = "unknown"  # "available", "unavailable", "unknown" or "no date yet"
    offer: VolunteerOffer | None = None

    @property
    def title(self) -> str:
        return self.session.title if self.session else self.topic.title

    @property
    def kind(self) -> str:
        return "session" if self.session else "topic"

    @property
    def target_pk(self) -> int:
        return self.session.pk if self.session else self.topic.pk

    @property
    def score(self) -> int:
        points = 2 * bool(self.matched_expertise)
        return points + {"available": 1, "unavailable": -3}.get(self.availability, 0)

    @property
    def sort_key(self):
        start = self.session.starts_at if self.session else None
        return (-self.score, start is None, start or 0, self.title)


def _matched_expertise(expertise, *texts: str) -> list[str]:
    haystack = " ".join(texts).lower()
    return [area.name for area in expertise if any(word in haystack for word in area.match_words)]


def volunteer_board(*, faculty_member: FacultyMember) -> list[Slot]:
    """Open slots in the member's programs — upcoming published sessions with no faculty who
    has not declined, and topics with no session yet — best match first."""
    now = timezone.now()
    program_ids = list(
        programs_for_faculty(faculty_member=faculty_member)
        .filter(archived_at__isnull=True)  # archived programs take no volunteers
        .values_list("pk", flat=True)
    )
    staffed = SessionFaculty.objects.filter(session=OuterRef("pk")).exclude(confirmation="declined")
    sessions = (
        SeminarSession.objects.filter(
            program__in=program_ids, status=SeminarSession.Status.PUBLISHED, starts_at__gt=now
        )
        .filter(~Exists(staffed))
        .select_related("program", "topic", "room__site__organization")
    )
    topics = (
        Topic.objects.filter(program__in=program_ids)
        .filter(
            ~Exists(SeminarSession.objects.filter(topic=OuterRef("pk")).exclude(status="cancelled"))
        )
        .select_related("program")
    )
    expertise = list(faculty_member.expertise.all())
    availability = {
        (row.program_id, row.day): row.choice
        for row in FacultyAvailability.objects.filter(
            faculty_member=faculty_member, program__in=program_ids
        )
    }
    offers = {}
    for offer in VolunteerOffer.objects.filter(faculty_member=faculty_member).order_by(
        "created_at"
    ):
        offers[("session", offer.session_id) if offer.session_id else ("topic", offer.topic_id)] = (
            offer
        )

    slots = []
    for session in sessions:
        choice = availability.get(
            (session.program_id, timezone.localtime(session.starts_at).date())
        )
        if choice is None:
            fit = "unknown"
        else:
            fit = (
                "available" if covers(choice, session.starts_at, session.ends_at) else "unavailable"
            )
        slots.append(
            Slot(
                program=session.program,
                session=session,
                topic=session.topic,
                matched_expertise=_matched_expertise(
                    expertise, session.title, session.topic.title if session.topic else ""
                ),
                availability=fit,
                offer=offers.get(("session", session.pk)),
            )
        )
    for topic in topics:
        slots.append(
            Slot(
                program=topic.program,
                topic=topic,
                matched_expertise=_matched_expertise(expertise, topic.title, topic.description),
                availability="no date yet",
                offer=offers.get(("topic", topic.pk)),
            )
        )
    return sorted(slots, key=lambda slot: slot.sort_key)


def offers_for_program(*, program: Program) -> QuerySet[VolunteerOffer]:
    return (
        VolunteerOffer.objects.filter(program=program)
        .select_related("faculty_member__organization", "session", "topic")
        .order_by("session__starts_at", "topic__title", "created_at")
    )


# --- My teaching and materials ------------------------------------------------------------------


def teaching_sessions(*, faculty_member: FacultyMember) -> QuerySet[SeminarSession]:
    """Published sessions the member teaches and has not declined, with what the page shows:
    room and address, co-faculty, learners expected and materials."""
    learners = (
        Enrollment.objects.filter(program=OuterRef("program"), status=Enrollment.Status.ENROLLED)
        .order_by()
        .values("program")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        SeminarSession.objects.filter(
            status=SeminarSession.Status.PUBLISHED,
            faculty_assignments__faculty_member=faculty_member,
            faculty_assignments__confirmation__in=["pending", "confirmed"],
        )
        .annotate(learners_expected=Subquery(learners))
        .select_related("program", "room__site__organization", "topic")
        .prefetch_related(
            Prefetch(
                "faculty_assignments",
                queryset=SessionFaculty.objects.exclude(confirmation="declined").select_related(
                    "faculty_member__organization"
                ),
            ),
            "materials",
        )
        .order_by("starts_at")
    )


def get_session(*, pk: int) -> SeminarSession:
    """A session by id for the material views, which then check permissions on it."""
    try:
        return SeminarSession.objects.select_related("program", "room__site").get(pk=pk)
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


# --- Recognition and contribution ---------------------------------------------------------------


def _hours(assignments) -> float:
    seconds = sum((a.ends_at - a.starts_at).total_seconds() for a in assignments)
    return round(seconds / 3600, 2)


def _learners_enrolled(program_ids) -> int:
    return (
        Enrollment.objects.filter(program__in=program_ids, status=Enrollment.Status.ENROLLED)
        .values("learner")
        .distinct()
        .count()
    )


def _taught_assignments(**filters) -> QuerySet[SessionFaculty]:
    """Confirmed faculty of published sessions: what counts as teaching in letters and reports."""
    return SessionFaculty.objects.filter(
        confirmation=SessionFaculty.Confirmation.CONFIRMED,
        session__status=SeminarSession.Status.PUBLISHED,
        **filters,
    ).select_related("session__room__site", "faculty_member")


@dataclass(frozen=True)
class TeachingRecord:
    faculty_member: FacultyMember
    program: Program
    sessions: list[SeminarSession]
    hours: float
    learners_reached: int


def teaching_record(*, faculty_member: FacultyMember, program: Program) -> TeachingRecord:
    """What the recognition letter states: sessions taught, hours and learners reached (the
    learners enrolled in the program)."""
    assignments = list(
        _taught_assignments(faculty_member=faculty_member, session__program=program).order_by(
            "session__starts_at"
        )
    )
    return TeachingRecord(
        faculty_member=faculty_member,
        program=program,
        sessions=[a.session for a in assignments],
        hours=_hours(assignments),
        learners_reached=_learners_enrolled([program.pk]) if assignments else 0,
    )


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
        _taught_assignments(
            faculty_member__organization=organization, session__program__in=program_ids
        )
    )
    by_member = defaultdict(list)
    for assignment in assignments:
        by_member[assignment.faculty_member].append(assignment)
    faculty = sorted(
        (
            FacultyContribution(member, len(rows), _hours(rows))
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
    pages = PrintingRecord.objects.filter(
        organization=organization, program__in=program_ids
    ).aggregate(total=Sum("pages"))["total"]
    return Contribution(
        organization=organization,
        programs=programs,
        faculty=faculty,
        teaching_hours=_hours(assignments),
        sessions_taught=len({a.session_id for a in assignments}),
        rooms=rooms,
        room_days=len(room_days),
        sessions_hosted=len(hosted),
        learners_reached=_learners_enrolled(contributed_to),
        printed_pages=pages or 0,
    )


def programs_of_partner(*, organization: Organization) -> QuerySet[Program]:
    """Programs the organization partners in, or that its faculty teach in."""
    ids = Program.objects.filter(
        Q(partnerships__organization=organization)
        | Q(sessions__faculty_assignments__faculty_member__organization=organization)
    ).values("pk")
    return Program.objects.filter(pk__in=ids).order_by("-start_date", "name")


def programs_taught_by(*, faculty_member: FacultyMember) -> QuerySet[Program]:
    ids = _taught_assignments(faculty_member=faculty_member).values("session__program")
    return Program.objects.filter(pk__in=ids).order_by("start_date")


def faculty_who_taught(*, program: Program) -> QuerySet[FacultyMember]:
    ids = _taught_assignments(session__program=program).values("faculty_member")
    return (
        FacultyMember.objects.filter(pk__in=ids)
        .select_related("organization")
        .order_by("last_name", "first_name")
    )


def programs_with_partners_for_director(*, user) -> QuerySet[Program]:
    """The director's programs with their partners and the number of offers awaiting them."""
    waiting = Q(volunteer_offers__status=VolunteerOffer.Status.OFFERED)
    return (
        programs_for_director(user=user)
        .annotate(waiting_offers=Count("volunteer_offers", filter=waiting))
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=ProgramPartner.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            )
        )
    )
