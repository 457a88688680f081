"""Roster and attendance reads."""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from rotation.models import Attendance, Enrollment, Program, RosterImport, SeminarSession


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
    # The learners enrolled in the program, withdrawn ones too (one enrollment per program).
    on_roster = Enrollment.objects.filter(program=program).values("learner_id")
    rows = list(
        Attendance.objects.filter(session__program=program, learner__in=on_roster)
        .order_by()
        .values_list("learner_id", "session_id", "status")
    )
    by_learner = Counter((learner_id, status) for learner_id, _, status in rows)
    by_session = Counter((session_id, status) for _, session_id, status in rows)

    def counts(counter: Counter, key: int) -> AttendanceCounts:
        return AttendanceCounts(
            present=counter[key, "present"],
            absent=counter[key, "absent"],
            excused=counter[key, "excused"],
        )

    learners = [
        (enrollment, counts(by_learner, enrollment.learner_id))
        for enrollment in enrolled_learners(program=program)
    ]
    sessions = [
        (session, counts(by_session, session.pk))
        for session in program.sessions.exclude(status=SeminarSession.Status.CANCELLED).order_by(
            "starts_at"
        )
    ]
    return learners, sessions
