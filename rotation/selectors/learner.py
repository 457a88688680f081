"""Reads about a learner's own record, for My rotation and the pages of higher apps about it."""

from django.db.models import QuerySet

from rotation.models import Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import sessions_with_faculty_for_learner


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


def my_rotation_sessions(*, learner: Learner) -> QuerySet[SeminarSession]:
    """The learner's sessions with the faculty they will meet (access's
    sessions_with_faculty_for_learner), reading only the columns My rotation shows: 2 queries
    whatever the number of sessions."""
    return sessions_with_faculty_for_learner(learner=learner).only(
        "program_id",
        "title",
        "starts_at",
        "ends_at",
        "program__name",
        "topic__title",
        "room__name",
        "room__site__address",
        "room__site__organization__name",
    )
