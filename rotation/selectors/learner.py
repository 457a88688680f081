"""Reads about a learner's own record, for My rotation and the pages of higher apps about it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from config.queries import compiled_once
from rotation.dates import SessionTimes
from rotation.models import Attendance, Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import (
    FACULTY_CARD_COLUMNS,
    FACULTY_CARD_ORDER,
    FacultyCard,
    faculty_card,
)


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
    faculty_to_meet: list[FacultyCard] = field(default_factory=list)
    # Set by the page that shows them: the times formatted, the link to the session's page.
    times: SessionTimes | None = None
    page_url: str = ""


# What My rotation shows of a session, in LearnerSession's order after its program.
SESSION_COLUMNS = (
    "title",
    "starts_at",
    "ends_at",
    "topic__title",
    "room__name",
    "room__site__address",
    "room__site__organization__name",
)


@compiled_once
def _published_sessions_with_faculty(program_ids, learner_id):
    """The programs' published sessions with what My rotation shows of them and of their
    faculty (access's faculty_card), a row per session and faculty member (one with none for a
    session without faculty), by start; last in each row, whether the learner was present."""
    faculty = "faculty_assignments__"
    present = Attendance.objects.filter(
        session=OuterRef("pk"), learner=learner_id, status=Attendance.Status.PRESENT
    )
    return (
        SeminarSession.objects.filter(
            program_id__in=program_ids, status=SeminarSession.Status.PUBLISHED
        )
        .annotate(was_present=Exists(present))
        .order_by("starts_at", "pk", *(faculty + name for name in FACULTY_CARD_ORDER))
        .values_list(
            "pk",
            "program_id",
            *SESSION_COLUMNS,
            *(faculty + name for name in FACULTY_CARD_COLUMNS),
            "was_present",
        )
    )


def program_sessions_of(*, learner: Learner, enrollments: list[Enrollment]) -> list[LearnerSession]:
    """The published sessions of these enrollments' programs (the learner's, programs loaded:
    enrollments_of), by start, each with its program, whether the learner was present and the
    faculty they meet (access's faculty_card), reading only the columns My rotation shows: 1
    query (none without enrollments), joining neither programs nor enrollments."""
    programs = {e.program_id: e.program for e in enrollments}
    if not programs:
        return []
    rows = _published_sessions_with_faculty(list(programs), learner.pk)
    shown = len(SESSION_COLUMNS)
    sessions: dict[int, LearnerSession] = {}
    for pk, program_id, *columns, was_present in rows:
        if pk not in sessions:
            sessions[pk] = LearnerSession(
                pk, program_id, programs[program_id], *columns[:shown], was_present
            )
        card = faculty_card(columns[shown:])
        if card is not None:
            sessions[pk].faculty_to_meet.append(card)
    return list(sessions.values())


def my_rotation_sessions(
    *, program_sessions: list[LearnerSession], programs: list[Program]
) -> list[LearnerSession]:
    """Those of the learner's sessions (program_sessions_of) in the programs they are enrolled
    in (enrolled_programs_of)."""
    enrolled = {program.pk for program in programs}
    return [session for session in program_sessions if session.program_id in enrolled]
