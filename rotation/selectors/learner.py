"""Reads about a learner's own record, for My rotation and the pages of higher apps about it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, QuerySet

from rotation.dates import SessionTimes
from rotation.models import Attendance, Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import FacultyCard, faculty_learners_meet


def enrollments_of(*, learner: Learner) -> QuerySet[Enrollment]:
    """Every enrollment of the learner (withdrawn ones too) with its program, newest first."""
    return (
        Enrollment.objects.filter(learner=learner)
        .select_related("program")
        .order_by("-program__start_date", "program__name")
    )


def enrolled_programs_of(enrollments: list[Enrollment]) -> list[Program]:
    """The programs of those enrollments the learner has not withdrawn from, in their order."""
    return [e.program for e in enrollments if e.status == Enrollment.Status.ENROLLED]


@dataclass
class LearnerSession:
    """A published session of one of the learner's programs as My rotation and its blocks read
    it (program_sessions_of): plain values, not models; None for a topic or room it has not."""

    pk: int
    program_id: int
    program: Program
    title: str
    starts_at: datetime
    ends_at: datetime
    topic_title: str | None
    room_name: str | None
    site_address: str | None
    organization_name: str | None
    was_present: bool
    faculty_to_meet: list[FacultyCard] = field(default_factory=list)  # my_rotation_sessions
    times: SessionTimes | None = None  # formatted by the page that shows them


def program_sessions_of(*, learner: Learner, enrollments: list[Enrollment]) -> list[LearnerSession]:
    """The published sessions of these enrollments' programs (the learner's, programs loaded:
    enrollments_of), by start, each with its program and whether the learner was present,
    reading only the columns My rotation shows: 1 query (none without enrollments), joining
    neither programs nor enrollments."""
    programs = {e.program_id: e.program for e in enrollments}
    if not programs:
        return []
    present = Attendance.objects.filter(
        session=OuterRef("pk"), learner=learner, status=Attendance.Status.PRESENT
    )
    rows = (
        SeminarSession.objects.filter(
            program_id__in=programs, status=SeminarSession.Status.PUBLISHED
        )
        .annotate(was_present=Exists(present))
        .order_by("starts_at")
        .values(
            "pk",
            "program_id",
            "title",
            "starts_at",
            "ends_at",
            "was_present",
            topic_title=F("topic__title"),
            room_name=F("room__name"),
            site_address=F("room__site__address"),
            organization_name=F("room__site__organization__name"),
        )
    )
    return [LearnerSession(program=programs[row["program_id"]], **row) for row in rows]


def my_rotation_sessions(
    *, program_sessions: list[LearnerSession], programs: list[Program]
) -> list[LearnerSession]:
    """Those of the learner's sessions (program_sessions_of) in the programs they are enrolled
    in (enrolled_programs_of), each with the faculty they will meet (access's
    faculty_learners_meet): 1 query whatever the number of sessions (none for no sessions)."""
    enrolled = {program.pk for program in programs}
    sessions = [session for session in program_sessions if session.program_id in enrolled]
    faculty = faculty_learners_meet(session_ids=[session.pk for session in sessions])
    for session in sessions:
        session.faculty_to_meet = faculty.get(session.pk, [])
    return sessions
