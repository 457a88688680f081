"""Schedule reads: a program's sessions, rooms, faculty, grid, logistics and public page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from config.queries import columns_of, compiled_once
from partners.models import FacultyMember, MeetingRoom, Organization, Site
from rotation.models import Enrollment, Program, ProgramPartner, SeminarSession, SessionFaculty
from rotation.selectors.programs import RowCount
from rotation.selectors.roster import enrolled_learners

# Sessions' faculty as schedules list them: by role, then last name.
FACULTY_ORDER = ("role", "faculty_member__last_name")


def faculty_in_schedule_order() -> QuerySet[SessionFaculty]:
    """Sessions' faculty in `FACULTY_ORDER`, with the faculty member."""
    return SessionFaculty.objects.select_related("faculty_member").order_by(*FACULTY_ORDER)


def schedule_for_program(
    *,
    program: Program,
    with_topics: bool = True,
    with_rooms: bool = True,
    with_faculty: bool = True,
) -> QuerySet[SeminarSession]:
    """Every session of the program, with what the editor shows, in two queries; without their
    topics for the views that do not show them (`with_topics=False`), without their rooms for
    a view that takes them from its own rooms list (`with_rooms=False`, the timeline), in one
    query without their faculty for a view that does not show them (`with_faculty=False`)."""
    related = [
        *(["room__site__organization"] if with_rooms else []),
        *(["topic"] if with_topics else []),
    ]
    sessions = program.sessions.select_related(*related).order_by("starts_at")
    if with_faculty:
        faculty = Prefetch("faculty_assignments", queryset=faculty_in_schedule_order())
        sessions = sessions.prefetch_related(faculty)
    return sessions


@dataclass(frozen=True)
class FacultyRow:
    """A session's faculty member read as plain values, as the schedule shows them and its
    warnings read them; `columns`: the columns asked for beside them (`faculty_values`)."""

    faculty_member_id: int
    full_name: str
    role: str  # SessionFaculty.Role
    confirmation: str  # SessionFaculty.Confirmation
    columns: dict[str, Any]

    @property
    def role_label(self) -> str:
        return SessionFaculty.Role(self.role).label

    @property
    def confirmation_label(self) -> str:
        return SessionFaculty.Confirmation(self.confirmation).label


_FACULTY_ROW_FIELDS = (
    "session_id",
    "faculty_member_id",
    "faculty_member__first_name",
    "faculty_member__last_name",
    "role",
    "confirmation",
)


def faculty_values(session_ids, **columns) -> QuerySet[SessionFaculty]:
    """These sessions' faculty as `faculty_rows` reads them, in `FACULTY_ORDER`: the row's own
    fields, then `columns` (name -> expression on SessionFaculty), as tuples."""
    return (
        SessionFaculty.objects.filter(session__in=session_ids)
        .annotate(**columns)
        .order_by(*FACULTY_ORDER)
        .values_list(*_FACULTY_ROW_FIELDS, *columns)
    )


def faculty_rows(*, rows: list[tuple], columns: list[str]) -> dict[int, list[FacultyRow]]:
    """The sessions' faculty by session id, in their order, from `faculty_values` rows read with
    these `columns`."""
    by_session = defaultdict(list)
    for session_id, member_id, first_name, last_name, role, confirmation, *more in rows:
        name = FacultyMember.name_of(first_name, last_name)
        row = FacultyRow(member_id, name, role, confirmation, dict(zip(columns, more, strict=True)))
        by_session[session_id].append(row)
    return dict(by_session)


def get_session_for_program(*, program: Program, pk: int) -> SeminarSession:
    """A session of this program; 404 for any other (the program was access-checked)."""
    try:
        return schedule_for_program(program=program).get(pk=pk)
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


@dataclass(frozen=True)
class Partnerships:
    """A program's enrolled count and its partner organizations' roles, read together."""

    enrolled: int
    roles: dict[int, str]  # organization id -> ProgramPartner.Role


@compiled_once
def _partnerships_with_enrolled(program_id) -> QuerySet[Program]:
    enrolled = Enrollment.objects.filter(program=OuterRef("pk"), status=Enrollment.Status.ENROLLED)
    return (
        Program.objects.filter(pk=program_id)
        .order_by()
        .annotate(enrolled=RowCount(enrolled.order_by().values("pk")))
        .values_list("enrolled", "partnerships__organization_id", "partnerships__role")
    )


def partnerships_of(*, program: Program) -> Partnerships:
    """One query: each partnership beside the enrolled count (one row without an organization
    for a program with no partners)."""
    rows = _partnerships_with_enrolled(program.pk)
    return Partnerships(
        enrolled=rows[0][0],
        roles={organization: role for _, organization, role in rows if organization is not None},
    )


# A program's partnership that makes the organization a host (meeting space).
_AT_HOST = Q(role__in=ProgramPartner.HOST_ROLES)


def rooms_for_program(*, program: Program) -> QuerySet[MeetingRoom]:
    """Active rooms at the program's partners first, then every other active room; each says
    whether it is at one of the program's hosts (`is_host`, what `schedule_grid` takes)."""
    partnerships = ProgramPartner.objects.filter(
        program=program, organization=OuterRef("site__organization")
    )
    return (
        MeetingRoom.objects.filter(is_active=True)
        .select_related("site__organization")
        .annotate(at_partner=Exists(partnerships), is_host=Exists(partnerships.filter(_AT_HOST)))
        .order_by("-at_partner", "site__organization__name", "site__name", "name")
    )


_ROOM, _SITE, _ORGANIZATION = (columns_of(model) for model in (MeetingRoom, Site, Organization))


@compiled_once
def _rooms_by_name(used_ids) -> QuerySet[MeetingRoom]:
    """The active rooms and those of `used_ids`, by organization, site and name: every column of
    the room, its site and its organization, as `select_related` would read them."""
    return (
        MeetingRoom.objects.filter(Q(is_active=True) | Q(pk__in=used_ids))
        .order_by("site__organization__name", "site__name", "name")
        .values_list(
            *_ROOM,
            *(f"site__{name}" for name in _SITE),
            *(f"site__organization__{name}" for name in _ORGANIZATION),
        )
    )


def rooms_of_partnerships(*, partnerships: Partnerships, used: set[int]) -> list[MeetingRoom]:
    """`rooms_for_program`'s rooms in its order, whether each is at a host (`is_host`) taken
    from the program's `partnerships` rather than asked of the database room by room; with them
    the inactive rooms of `used` (the ids of the rooms the program's sessions use; `is_active`
    False, never a host), so that the sessions can take their rooms from this list
    (`timeline_sessions`). One query; each room with its site and organization."""
    db = MeetingRoom.objects.db
    site_starts = len(_ROOM)
    organization_starts = site_starts + len(_SITE)
    rooms = []
    for row in _rooms_by_name(sorted(used)):
        room = MeetingRoom.from_db(db, _ROOM, row[:site_starts])
        room.site = Site.from_db(db, _SITE, row[site_starts:organization_starts])
        room.site.organization = Organization.from_db(db, _ORGANIZATION, row[organization_starts:])
        role = room.is_active and partnerships.roles.get(room.site.organization_id)
        room.at_partner = bool(role)
        room.is_host = role in ProgramPartner.HOST_ROLES
        rooms.append(room)
    rooms.sort(key=lambda room: not room.at_partner)  # stable: by name within each group
    return rooms


def faculty_for_program(*, program: Program) -> QuerySet[FacultyMember]:
    """Faculty of the program's partner organizations, colleagues their liaisons invited into
    its pool, and anyone already teaching in it."""
    return (
        FacultyMember.objects.filter(
            Q(organization__partnerships__program=program)
            | Q(program_pools__program=program)
            | Q(assignments__session__program=program)
        )
        .exclude(recruitment_status__in=["declined", "inactive"])
        .select_related("organization")
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass
class GridDay:
    day: date
    cells: list[list[SeminarSession]]  # one list per room column, then "no room"


def schedule_grid(
    *, program: Program, sessions: list[SeminarSession], rooms: list[MeetingRoom] | None = None
) -> tuple[list[MeetingRoom], list[GridDay]]:
    """The day × room grid: the host partners' rooms and every room in use as columns; the
    program's days (every day of a concentrated course, session days of a distributed one).
    Pass the `rooms_for_program` list if it is already loaded: the host rooms come from it."""
    if rooms is None:
        rooms = rooms_for_program(program=program).filter(is_host=True)
    host_rooms = [room for room in rooms if room.is_host]
    rooms = {room.pk: room for room in host_rooms}
    for session in sessions:
        if session.room is not None:
            rooms.setdefault(session.room_id, session.room)
    columns = sorted(rooms.values(), key=lambda room: (str(room.site), room.name))
    index = {room.pk: position for position, room in enumerate(columns)}
    days: set[date] = {timezone.localdate(session.starts_at) for session in sessions}
    if program.format == Program.Format.CONCENTRATED and (
        program.end_date - program.start_date
    ) <= timedelta(days=31):
        days |= {
            program.start_date + timedelta(days=offset)
            for offset in range((program.end_date - program.start_date).days + 1)
        }
    elif not days:
        days = {program.start_date}
    grid = {day: GridDay(day, [[] for _ in range(len(columns) + 1)]) for day in days}
    for session in sessions:
        column = index.get(session.room_id, len(columns))
        grid[timezone.localdate(session.starts_at)].cells[column].append(session)
    return columns, [grid[day] for day in sorted(grid)]


@dataclass(frozen=True)
class LogisticsRow:
    session: SeminarSession
    faculty: list
    copies: int  # handouts: one per enrolled learner and per faculty member


def logistics_for_day(*, program: Program, day: date) -> dict:
    """What the host partner's front desk needs for one seminar day: each session's room and
    setup, print counts, and the visitor list for building security."""
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    sessions = list(
        schedule_for_program(program=program)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .exclude(status=SeminarSession.Status.CANCELLED)
    )
    learners = [enrollment.learner for enrollment in enrolled_learners(program=program)]
    rows, faculty_members = [], {}
    for session in sessions:
        teaching = [a for a in session.faculty_assignments.all() if a.confirmation != "declined"]
        for assignment in teaching:
            faculty_members[assignment.faculty_member_id] = assignment.faculty_member
        rows.append(LogisticsRow(session, teaching, copies=len(learners) + len(teaching)))
    visitors = sorted(
        [
            (learner.last_name, learner.first_name, "Learner", learner.residency_program)
            for learner in learners
        ]
        + [
            (member.last_name, member.first_name, "Faculty", member.organization.name)
            for member in faculty_members.values()
        ]
    )
    return {"day": day, "rows": rows, "visitors": visitors, "learner_count": len(learners)}


def public_schedule(*, slug: str) -> tuple[Program, QuerySet[SeminarSession]]:
    """A program whose director made its schedule public, with its published sessions;
    404 for any other program (its existence is not revealed)."""
    try:
        program = Program.objects.get(slug=slug, is_schedule_public=True)
    except Program.DoesNotExist:
        raise Http404("No such public schedule.") from None
    sessions = (
        program.sessions.filter(status=SeminarSession.Status.PUBLISHED)
        .select_related("program", "room__site__organization", "topic")
        .order_by("starts_at")
    )
    return program, sessions


@dataclass(frozen=True)
class PublicationPreview:
    """What *Publish schedule* would do: which drafts go live, which of them are announced
    (only upcoming ones) and who is emailed."""

    drafts: list[SeminarSession]
    announced: list[SeminarSession]
    learners: list[str]
    faculty: list[str]

    @property
    def past(self) -> list[SeminarSession]:
        return [session for session in self.drafts if session not in self.announced]


def publication_preview(*, program: Program) -> PublicationPreview:
    """The program's drafts and the people their publication would email, in three queries."""
    now = timezone.now()
    drafts = list(schedule_for_program(program=program).filter(status=SeminarSession.Status.DRAFT))
    announced = [session for session in drafts if session.starts_at >= now]
    faculty = {
        assignment.faculty_member.full_name
        for session in announced
        for assignment in session.faculty_assignments.all()
        if assignment.confirmation != SessionFaculty.Confirmation.DECLINED
    }
    learners = (
        [e.learner.full_name for e in enrolled_learners(program=program)] if announced else []
    )
    return PublicationPreview(
        drafts=drafts, announced=announced, learners=learners, faculty=sorted(faculty)
    )
