"""Roster and attendance reads."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from rotation.models import (
    Attendance,
    Enrollment,
    Program,
    RosterImport,
    SeminarSession,
    learner_name,
)


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
        # The learner's id settles the order of namesakes, the same on every page and every run.
        .order_by("learner__last_name", "learner__first_name", "learner_id")
    )


def attendance_sheet(*, session: SeminarSession) -> list[tuple[Enrollment, str]]:
    """Each enrolled learner with their recorded status ("" when not yet recorded)."""
    recorded = dict(session.attendance.values_list("learner_id", "status"))
    return [
        (enrollment, recorded.get(enrollment.learner_id, ""))
        for enrollment in enrolled_learners(program=session.program)
    ]


def _count_by_status(path: str, **where) -> dict[str, Count]:
    """present, absent and excused: how many attendance records at `path` (that also match
    `where`) have each status, counted by the database."""
    conditions = {f"{path}__{lookup}": value for lookup, value in where.items()}
    return {
        status: Count(path, filter=Q(**{f"{path}__status": status}, **conditions))
        for status in Attendance.Status.values
    }


@dataclass(frozen=True, slots=True)
class LearnerAttendance:
    full_name: str
    present: int
    absent: int
    excused: int


def attendance_summary(*, program: Program) -> tuple[list[LearnerAttendance], list[SeminarSession]]:
    """(each enrolled learner's attendance, each session that is not cancelled annotated with its
    present, absent and excused): two queries, the counting done by the database."""
    learners = [
        LearnerAttendance(learner_name(first_name, last_name), present, absent, excused)
        for first_name, last_name, present, absent, excused in enrolled_learners(program=program)
        .annotate(**_count_by_status("learner__attendance", session__program=program))
        .values_list("learner__first_name", "learner__last_name", "present", "absent", "excused")
    ]
    # A session counts the learners on the roster, withdrawn ones too (one enrollment each).
    on_roster = Enrollment.objects.filter(program=program).values("learner_id")
    sessions = (
        program.sessions.exclude(status=SeminarSession.Status.CANCELLED)
        .annotate(**_count_by_status("attendance", learner__in=on_roster))
        .order_by("starts_at")
    )
    return learners, list(sessions)
