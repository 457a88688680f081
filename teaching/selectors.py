"""Reads for faculty-facing teaching: the programs a faculty member may teach in, availability,
the volunteer board, their sessions and materials, recognition, and the directors' review."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import FacultyMember, Organization
from rotation.models import (
    Enrollment,
    Program,
    ProgramPartner,
    SeminarSession,
    SessionFaculty,
    Topic,
)
from rotation.selectors.access import programs_for_director
from rotation.selectors.partners import learners_enrolled, taught_assignments, taught_hours
from teaching.models import (
    SURVEY_MIN_RESPONDENTS,
    FacultyAvailability,
    FacultySurvey,
    SessionMaterial,
    VolunteerOffer,
)

NOON = time(12, 0)


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


def availability_warnings_for_sessions(*, sessions) -> dict[int, list[str]]:
    """Availability warnings by session id, in at most one query, for the schedule editor.
    Expects sessions with faculty_assignments__faculty_member loaded."""
    sessions = [session for session in sessions if not session.is_cancelled]
    members = {
        assignment.faculty_member_id
        for session in sessions
        for assignment in session.faculty_assignments.all()
        if assignment.confirmation != "declined"
    }
    if not members:
        return {}
    rows = FacultyAvailability.objects.filter(
        faculty_member__in=members,
        program__in={session.program_id for session in sessions},
        day__in={timezone.localtime(session.starts_at).date() for session in sessions},
    ).values_list("faculty_member_id", "program_id", "day", "choice")
    stated = {(member, program, day): choice for member, program, day, choice in rows}
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


def get_material(*, pk: int) -> SessionMaterial:
    """A material by id with its session's program, for the views that then check permissions
    on the session."""
    try:
        return SessionMaterial.objects.select_related("session__program").get(pk=pk)
    except SessionMaterial.DoesNotExist:
        raise Http404("No such material.") from None


def confirmed_session_ids(*, faculty_member: FacultyMember) -> set[int]:
    return set(
        SessionFaculty.objects.filter(
            faculty_member=faculty_member, confirmation=SessionFaculty.Confirmation.CONFIRMED
        ).values_list("session_id", flat=True)
    )


def get_volunteer_target(*, kind: str, pk: int) -> SeminarSession | Topic:
    """The session or topic a faculty member volunteers for; the service checks it is open."""
    model = SeminarSession if kind == "session" else Topic
    try:
        return model.objects.select_related("program").get(pk=pk)
    except model.DoesNotExist:
        raise Http404(f"No such {kind}.") from None


# --- Recognition ---------------------------------------------------------------------------------


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
        taught_assignments(faculty_member=faculty_member, session__program=program).order_by(
            "session__starts_at"
        )
    )
    return TeachingRecord(
        faculty_member=faculty_member,
        program=program,
        sessions=[a.session for a in assignments],
        hours=taught_hours(assignments),
        learners_reached=learners_enrolled([program.pk]) if assignments else 0,
    )


def programs_taught_by(*, faculty_member: FacultyMember) -> QuerySet[Program]:
    ids = taught_assignments(faculty_member=faculty_member).values("session__program")
    return Program.objects.filter(pk__in=ids).order_by("start_date")


def faculty_who_taught(*, program: Program) -> QuerySet[FacultyMember]:
    ids = taught_assignments(session__program=program).values("faculty_member")
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


def materials_by_session(*, sessions) -> dict[int, list[SessionMaterial]]:
    """The materials of these sessions by session id, oldest first: one query."""
    found: dict[int, list[SessionMaterial]] = {}
    for material in SessionMaterial.objects.filter(session__in=sessions).order_by(
        "uploaded_at", "pk"
    ):
        found.setdefault(material.session_id, []).append(material)
    return found


# --- Faculty experience survey ------------------------------------------------------------------

SURVEY_RATINGS = ("preparation", "support", "engagement", "logistics")


def open_surveys(*, faculty_member: FacultyMember) -> QuerySet[FacultySurvey]:
    """The faculty member's surveys still to answer, for My teaching."""
    return FacultySurvey.objects.filter(
        faculty_member=faculty_member, submitted_at__isnull=True
    ).select_related("program")


def get_survey_for_faculty(*, faculty_member: FacultyMember, slug: str) -> FacultySurvey:
    try:
        return FacultySurvey.objects.select_related("program").get(
            faculty_member=faculty_member, program__slug=slug
        )
    except FacultySurvey.DoesNotExist:
        raise Http404("No survey for you in that program.") from None


def programs_due_for_survey(*, today: date) -> QuerySet[Program]:
    """Programs that ended (in the last `TEACHING_SURVEY_WINDOW_DAYS`): their faculty are asked
    about their experience."""
    window = timedelta(days=settings.TEACHING_SURVEY_WINDOW_DAYS)
    return Program.objects.filter(
        end_date__lt=today, end_date__gte=today - window, archived_at__isnull=True
    )


def surveys_due_for_reminder(*, now: datetime) -> QuerySet[FacultySurvey]:
    wait = timedelta(days=settings.TEACHING_SURVEY_REMINDER_DAYS)
    return FacultySurvey.objects.filter(
        submitted_at__isnull=True, reminded_at__isnull=True, invited_at__lte=now - wait
    )


@dataclass(frozen=True)
class FacultyExperience:
    """Faculty answers aggregated over some surveys; every figure None when fewer than
    SURVEY_MIN_RESPONDENTS answered (`is_suppressed`)."""

    respondents: int
    invited: int
    means: dict[str, float] | None
    teach_again: dict[str, int] | None
    minimum: int = SURVEY_MIN_RESPONDENTS

    @property
    def is_suppressed(self) -> bool:
        return self.respondents < self.minimum


def _aggregate(rows: list[dict], invited: int) -> FacultyExperience:
    respondents = len(rows)
    if respondents < SURVEY_MIN_RESPONDENTS:
        return FacultyExperience(respondents, invited, None, None)
    means = {
        name: round(sum(row[name] for row in rows) / respondents, 2) for name in SURVEY_RATINGS
    }
    again = dict.fromkeys(FacultySurvey.TeachAgain.values, 0)
    for row in rows:
        again[row["would_teach_again"]] += 1
    return FacultyExperience(respondents, invited, means, again)


def faculty_experience(*, organization: Organization | None = None, programs=None):
    """How teaching went for the faculty: the submitted surveys of this organization's faculty
    and/or of these programs, aggregated (means of the 1–5 ratings, would-teach-again counts),
    suppressed below 5 respondents. One query. The value report adds it as a section."""
    surveys = FacultySurvey.objects.all()
    if organization is not None:
        surveys = surveys.filter(faculty_member__organization=organization)
    if programs is not None:
        surveys = surveys.filter(program__in=programs)
    rows = list(surveys.values("submitted_at", "would_teach_again", *SURVEY_RATINGS))
    answered = [row for row in rows if row["submitted_at"] is not None]
    return _aggregate(answered, invited=len(rows))


def faculty_experience_for_director(*, user) -> dict:
    """The director's programs and their partner organizations, each with its aggregate: two
    queries whatever their number."""
    programs = list(programs_for_director(user=user).order_by("-start_date", "name"))
    rows = list(
        FacultySurvey.objects.filter(program__in=programs).values(
            "program_id",
            "faculty_member__organization_id",
            "faculty_member__organization__name",
            "submitted_at",
            "would_teach_again",
            *SURVEY_RATINGS,
        )
    )
    by_program, by_organization, names = {}, {}, {}
    for row in rows:
        by_program.setdefault(row["program_id"], []).append(row)
        organization_id = row["faculty_member__organization_id"]
        by_organization.setdefault(organization_id, []).append(row)
        names[organization_id] = row["faculty_member__organization__name"]

    def summarize(group: list[dict]) -> FacultyExperience:
        answered = [row for row in group if row["submitted_at"] is not None]
        return _aggregate(answered, invited=len(group))

    return {
        "programs": [
            (program, summarize(by_program[program.pk]))
            for program in programs
            if program.pk in by_program
        ],
        "organizations": sorted(
            ((names[pk], summarize(group)) for pk, group in by_organization.items()),
            key=lambda pair: pair[0],
        ),
    }
