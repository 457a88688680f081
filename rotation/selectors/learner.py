"""Reads about a learner's own record, for My rotation and the pages of higher apps about it."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects

from rotation.models import Attendance, Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import faculty_learners_meet


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


def program_sessions_of(*, learner: Learner, enrollments: list[Enrollment]) -> list[SeminarSession]:
    """The published sessions of these enrollments' programs (the learner's, programs loaded:
    enrollments_of), by start, each with its program and whether the learner was present
    (`was_present`), reading only the columns My rotation shows: 1 query (none without
    enrollments), joining neither programs nor enrollments."""
    programs = {e.program_id: e.program for e in enrollments}
    if not programs:
        return []
    present = Attendance.objects.filter(
        session=OuterRef("pk"), learner=learner, status=Attendance.Status.PRESENT
    )
    sessions = list(
        SeminarSession.objects.filter(
            program_id__in=programs, status=SeminarSession.Status.PUBLISHED
        )
        .select_related("room__site__organization", "topic")
        .only(
            "program_id",
            "title",
            "starts_at",
            "ends_at",
            "topic__title",
            "room__name",
            "room__site__address",
            "room__site__organization__name",
        )
        .annotate(was_present=Exists(present))
        .order_by("starts_at")
    )
    for session in sessions:
        session.program = programs[session.program_id]
    return sessions


def my_rotation_sessions(
    *, program_sessions: list[SeminarSession], programs: list[Program]
) -> list[SeminarSession]:
    """Those of the learner's sessions (program_sessions_of) in the programs they are enrolled
    in (enrolled_programs_of), each with the faculty they will meet (access's
    faculty_learners_meet, as `faculty_to_meet`): 1 query whatever the number of sessions."""
    enrolled = {program.pk for program in programs}
    sessions = [session for session in program_sessions if session.program_id in enrolled]
    faculty = Prefetch(
        "faculty_assignments", queryset=faculty_learners_meet(), to_attr="faculty_to_meet"
    )
    prefetch_related_objects(sessions, faculty)
    return sessions
