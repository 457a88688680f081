"""Roster and attendance reads."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from rotation.models import Attendance, Enrollment, Program, SeminarSession


def roster_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return program.enrollments.select_related("learner__user").order_by(
        "status", "learner__last_name", "learner__first_name"
    )


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
