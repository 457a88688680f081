"""Reads about the course: roles, access-checked lookups and schedule queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partners.models import FacultyMember, MeetingRoom
from rotation.models import (
    Attendance,
    CalendarFeed,
    Enrollment,
    ExcusalLetter,
    Program,
    RosterImport,
    SbpCompetency,
    SeminarSession,
    SessionFaculty,
    Topic,
)


@dataclass(frozen=True)
class Roles:
    """What one user is, derived from data; the navigation and the home page read this."""

    is_director: bool = False
    is_liaison: bool = False
    is_faculty: bool = False
    is_learner: bool = False
    is_staff: bool = False

    @property
    def is_anything(self) -> bool:
        return any(
            (self.is_director, self.is_liaison, self.is_faculty, self.is_learner, self.is_staff)
        )


def roles_of(*, user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(
        is_director=user.directed_programs.exists(),
        is_liaison=user.liaison_organizations.exists(),
        is_faculty=hasattr(user, "faculty_profile"),
        is_learner=hasattr(user, "learner_profile"),
        is_staff=user.is_staff,
    )


def programs_for_director(*, user) -> QuerySet[Program]:
    if user.is_staff:
        return Program.objects.all()
    return Program.objects.filter(directors=user)


def get_program_for_director(*, user, slug: str) -> Program:
    """The program with this slug if the user directs it (or is staff); 404 otherwise."""
    try:
        return programs_for_director(user=user).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


def sessions_for_learner(*, learner) -> QuerySet[SeminarSession]:
    """Published sessions of the programs the learner is enrolled in."""
    return (
        SeminarSession.objects.filter(
            program__enrollments__learner=learner,
            program__enrollments__status="enrolled",
            status=SeminarSession.Status.PUBLISHED,
        )
        .select_related("program", "room__site__organization", "topic")
        .order_by("starts_at")
    )


def teaching_assignments(*, faculty_members) -> QuerySet[SessionFaculty]:
    """The faculty members' assignments that they have not declined. Used as a subquery, so
    that a co-faculty member's declining does not hide the session."""
    return SessionFaculty.objects.filter(faculty_member__in=faculty_members).exclude(
        confirmation=SessionFaculty.Confirmation.DECLINED
    )


def overlapping_sessions(
    *, starts_at: datetime, ends_at: datetime, exclude_pk: int | None = None
) -> QuerySet[SeminarSession]:
    """Sessions that are not cancelled and overlap [starts_at, ends_at)."""
    return (
        SeminarSession.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .exclude(pk=exclude_pk)
        .select_related("program", "room")
    )


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "program" or "faculty"
    session: SeminarSession
    subject: str  # the room, program or faculty member that is taken


def find_conflicts(
    *,
    program: Program,
    starts_at: datetime,
    ends_at: datetime,
    room=None,
    faculty_members=(),
    exclude_pk: int | None = None,
) -> list[Conflict]:
    """Every hard conflict a session at this time would have: room, cohort, faculty."""
    faculty_ids = [member.pk for member in faculty_members]
    clash = Q(program=program)
    if room is not None:
        clash |= Q(room=room)
    if faculty_ids:
        clash |= Q(pk__in=teaching_assignments(faculty_members=faculty_ids).values("session_id"))
    candidates = (
        overlapping_sessions(starts_at=starts_at, ends_at=ends_at, exclude_pk=exclude_pk)
        .filter(clash)
        .prefetch_related("faculty_assignments__faculty_member")
        .distinct()
    )
    conflicts = []
    for session in candidates:
        if room is not None and session.room_id == room.pk:
            conflicts.append(Conflict("room", session, str(room)))
        if session.program_id == program.pk:
            conflicts.append(Conflict("program", session, str(program)))
        for assignment in session.faculty_assignments.all():
            if (
                assignment.faculty_member_id in faculty_ids
                and assignment.confirmation != "declined"
            ):
                conflicts.append(Conflict("faculty", session, str(assignment.faculty_member)))
    return conflicts


# --- Program workspace --------------------------------------------------------------------------


def program_by_slug(*, slug: str) -> Program:
    """The program with this slug; 404 if none. Views check permission on it next."""
    try:
        return Program.objects.get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


@dataclass(frozen=True)
class Readiness:
    partners: int
    hosts: int
    topics: int
    sessions: int
    published: int
    drafts: int
    with_room: int
    faculty_assigned: int
    faculty_confirmed: int
    sessions_without_faculty: int
    sessions_fully_confirmed: int
    learners: int
    letters_sent: int

    @property
    def is_ready_to_publish(self) -> bool:
        return (
            self.drafts > 0
            and self.sessions_without_faculty == 0
            and self.with_room == (self.sessions)
        )


def readiness_of(*, program: Program) -> Readiness:
    """Live counts for the program home's checklist, in a constant number of queries."""
    live = ~Q(status=SeminarSession.Status.CANCELLED)
    # distinct: the faculty join repeats a session once per faculty member.
    counts = program.sessions.aggregate(
        sessions=Count("pk", filter=live, distinct=True),
        published=Count("pk", filter=Q(status=SeminarSession.Status.PUBLISHED), distinct=True),
        drafts=Count("pk", filter=Q(status=SeminarSession.Status.DRAFT), distinct=True),
        with_room=Count("pk", filter=live & Q(room__isnull=False), distinct=True),
        without_faculty=Count(
            "pk", filter=live & Q(faculty_assignments__isnull=True), distinct=True
        ),
    )
    faculty = SessionFaculty.objects.filter(session__program=program, is_session_cancelled=False)
    faculty_counts = faculty.aggregate(
        assigned=Count("pk"), confirmed=Count("pk", filter=Q(confirmation="confirmed"))
    )
    per_session = faculty.values("session").annotate(
        total=Count("pk"), confirmed=Count("pk", filter=Q(confirmation="confirmed"))
    )
    fully_confirmed = sum(row["total"] == row["confirmed"] for row in per_session)
    partners = program.partnerships.aggregate(
        total=Count("pk"), hosts=Count("pk", filter=Q(role__in=["host", "host_content"]))
    )
    enrolled = program.enrollments.filter(status=Enrollment.Status.ENROLLED)
    return Readiness(
        partners=partners["total"],
        hosts=partners["hosts"],
        topics=program.topics.count(),
        sessions=counts["sessions"],
        published=counts["published"],
        drafts=counts["drafts"],
        with_room=counts["with_room"],
        faculty_assigned=faculty_counts["assigned"],
        faculty_confirmed=faculty_counts["confirmed"],
        sessions_without_faculty=counts["without_faculty"],
        sessions_fully_confirmed=fully_confirmed,
        learners=enrolled.count(),
        letters_sent=ExcusalLetter.objects.filter(
            enrollment__in=enrolled, status=ExcusalLetter.Status.SENT
        ).count(),
    )


# --- Schedule -----------------------------------------------------------------------------------


def schedule_for_program(*, program: Program) -> QuerySet[SeminarSession]:
    """Every session of the program, with what the editor shows, in two queries."""
    return (
        program.sessions.select_related("room__site__organization", "topic")
        .prefetch_related(
            Prefetch(
                "faculty_assignments",
                queryset=SessionFaculty.objects.select_related("faculty_member").order_by(
                    "role", "faculty_member__last_name"
                ),
            )
        )
        .order_by("starts_at")
    )


def get_session_for_program(*, program: Program, pk: int) -> SeminarSession:
    """A session of this program; 404 for any other (the program was access-checked)."""
    try:
        return schedule_for_program(program=program).get(pk=pk)
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


def rooms_for_program(*, program: Program) -> QuerySet[MeetingRoom]:
    """Active rooms at the program's partners first, then every other active room."""
    partner_ids = program.partnerships.values("organization_id")
    return (
        MeetingRoom.objects.filter(is_active=True)
        .select_related("site__organization")
        .annotate(at_partner=Count("pk", filter=Q(site__organization__in=partner_ids)))
        .order_by("-at_partner", "site__organization__name", "site__name", "name")
    )


def faculty_for_program(*, program: Program) -> QuerySet[FacultyMember]:
    """Faculty of the program's partner organizations, and anyone already teaching in it."""
    return (
        FacultyMember.objects.filter(
            Q(organization__partnerships__program=program)
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
    *, program: Program, sessions: list[SeminarSession]
) -> tuple[list[MeetingRoom], list[GridDay]]:
    """The day × room grid: the host partners' rooms and every room in use as columns; the
    program's days (every day of a concentrated course, session days of a distributed one)."""
    host_rooms = list(
        MeetingRoom.objects.filter(
            is_active=True,
            site__organization__partnerships__program=program,
            site__organization__partnerships__role__in=["host", "host_content"],
        ).select_related("site__organization")
    )
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


# --- Topics -------------------------------------------------------------------------------------


def topics_for_program(*, program: Program) -> QuerySet[Topic]:
    live = ~Q(sessions__status=SeminarSession.Status.CANCELLED)
    return (
        program.topics.select_related("proposed_by")
        .annotate(session_count=Count("sessions", filter=live & Q(sessions__isnull=False)))
        .order_by("title")
    )


@dataclass(frozen=True)
class CoverageRow:
    value: str
    label: str
    topics: list[str]
    sessions: int


def competency_coverage(
    *, program: Program, topics: list[Topic] | None = None
) -> list[CoverageRow]:
    """For each SBP sub-competency: the topics tagged with it, and how many scheduled
    (not cancelled) sessions teach those topics. Pass the program's topics_for_program list
    if it is already loaded."""
    if topics is None:
        topics = list(topics_for_program(program=program))
    rows = []
    for value, label in SbpCompetency.choices:
        tagged = [topic for topic in topics if value in (topic.sbp_competencies or [])]
        rows.append(
            CoverageRow(
                value=value,
                label=label,
                topics=[topic.title for topic in tagged if topic.session_count],
                sessions=sum(topic.session_count for topic in tagged),
            )
        )
    return rows


# --- Roster and attendance ----------------------------------------------------------------------


def roster_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return program.enrollments.select_related("learner__user").order_by(
        "status", "learner__last_name", "learner__first_name"
    )


def roster_import_for_program(*, program: Program, pk: int) -> RosterImport:
    """One of the program's roster import jobs, or 404; while the job runs, its progress comes
    from the cache (its own transaction hides it from the row until the end)."""
    job = program.roster_imports.filter(pk=pk).first()
    if job is None:
        raise Http404("No such roster import.")
    if job.status == RosterImport.Status.RUNNING:
        job.progress = max(job.progress, cache.get(job.progress_cache_key, 0))
    return job


def enrolled_learners(*, program: Program):
    return (
        program.enrollments.filter(status=Enrollment.Status.ENROLLED)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )


def attendance_sheet(*, session: SeminarSession) -> list[tuple[Enrollment, str]]:
    """Each enrolled learner with their recorded status ("" when not yet recorded)."""
    recorded = dict(session.attendance.values_list("learner_id", "status"))
    return [
        (enrollment, recorded.get(enrollment.learner_id, ""))
        for enrollment in enrolled_learners(program=session.program)
    ]


@dataclass(frozen=True)
class AttendanceCounts:
    present: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused


def attendance_summary(*, program: Program):
    """(per learner, per session): counts of present, absent and excused, in three queries."""
    rows = Attendance.objects.filter(
        session__program=program, learner__enrollments__program=program
    ).values_list("learner_id", "session_id", "status")
    by_learner: dict[int, Counter] = {}
    by_session: dict[int, Counter] = {}
    for learner_id, session_id, status in rows:
        by_learner.setdefault(learner_id, Counter())[status] += 1
        by_session.setdefault(session_id, Counter())[status] += 1

    def counts(counter):
        return AttendanceCounts(**dict(counter or {}))

    learners = [
        (enrollment, counts(by_learner.get(enrollment.learner_id)))
        for enrollment in enrolled_learners(program=program)
    ]
    sessions = [
        (session, counts(by_session.get(session.pk)))
        for session in program.sessions.exclude(status=SeminarSession.Status.CANCELLED)
        .select_related("room")
        .order_by("starts_at")
    ]
    return learners, sessions


# --- Excusal letters ----------------------------------------------------------------------------


def seminar_sessions_for_letters(*, program: Program) -> list[SeminarSession]:
    return list(
        program.sessions.filter(status=SeminarSession.Status.PUBLISHED)
        .select_related("room__site__organization")
        .order_by("starts_at")
    )


def seminar_days(sessions: list[SeminarSession]) -> list[dict]:
    """One entry per seminar day: date, first start, last end, and the places."""
    days: dict[date, dict] = {}
    for session in sessions:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        entry = days.setdefault(
            start.date(), {"date": start.date(), "starts": start, "ends": end, "places": []}
        )
        entry["starts"], entry["ends"] = min(entry["starts"], start), max(entry["ends"], end)
        if session.room is not None:
            place = f"{session.room.name}, {session.room.site.organization.name}, "
            place += session.room.site.address
            if place not in entry["places"]:
                entry["places"].append(place)
    return [days[day] for day in sorted(days)]


def excusal_letter_context(*, enrollment: Enrollment, sessions=None) -> dict:
    program = enrollment.program
    if sessions is None:
        sessions = seminar_sessions_for_letters(program=program)
    return {
        "program": program,
        "learner": enrollment.learner,
        "days": seminar_days(sessions),
        "directors": list(program.directors.order_by("last_name")),
        "today": timezone.localdate(),
    }


def letters_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return enrolled_learners(program=program).select_related("excusal_letter")


# --- Calendar feeds -----------------------------------------------------------------------------


def feed_by_token(*, token: str) -> CalendarFeed:
    try:
        return CalendarFeed.objects.select_related(
            "user__learner_profile", "user__faculty_profile", "program"
        ).get(token=token)
    except CalendarFeed.DoesNotExist:
        raise Http404("No such calendar feed.") from None


def sessions_for_feed(*, feed: CalendarFeed) -> QuerySet[SeminarSession]:
    """A program feed: its published and cancelled-after-publishing sessions. A user feed: the
    sessions of their programs (learner) and the ones they teach (faculty)."""
    announced = Q(status=SeminarSession.Status.PUBLISHED) | Q(
        status=SeminarSession.Status.CANCELLED, published_at__isnull=False
    )
    if feed.program_id is not None:
        mine = Q(program=feed.program_id)
    else:
        mine = Q(pk__in=[])
        learner = getattr(feed.user, "learner_profile", None)
        member = getattr(feed.user, "faculty_profile", None)
        if learner is not None:
            mine |= Q(
                program__enrollments__learner=learner,
                program__enrollments__status=Enrollment.Status.ENROLLED,
            )
        if member is not None:
            mine |= Q(pk__in=teaching_assignments(faculty_members=[member]).values("session_id"))
    ids = SeminarSession.objects.filter(announced & mine).values("pk")
    return (
        SeminarSession.objects.filter(pk__in=ids)
        .select_related("program", "topic", "room__site__organization")
        .prefetch_related("faculty_assignments__faculty_member")
        .order_by("starts_at")
    )


# --- Logistics ----------------------------------------------------------------------------------


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


def seminar_dates(*, program: Program) -> list[date]:
    starts = program.sessions.exclude(status=SeminarSession.Status.CANCELLED).values_list(
        "starts_at", flat=True
    )
    return sorted({timezone.localdate(value) for value in starts})


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
