"""Roster and attendance reads."""

from typing import TypedDict

from django.contrib.auth.hashers import is_password_usable
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from rotation.models import (
    Attendance,
    Enrollment,
    Learner,
    Program,
    RosterImport,
    SeminarSession,
    learner_level,
    learner_name,
)


def roster_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return program.enrollments.select_related("learner__user").order_by(
        # The learner's id settles the order of namesakes, the same on every page and every run.
        "status",
        "learner__last_name",
        "learner__first_name",
        "learner_id",
    )


class RosterRow(TypedDict):
    """One learner on the roster page, with what it shows worked out once (a dict: templates
    look keys up first)."""

    enrollment_id: int
    is_enrolled: bool
    status: str  # its label
    full_name: str
    email: str
    training: str  # "Fellow, Cardiology, PGY-5": the kind only when not a resident
    director_name: str
    director_email: str
    account: str  # "Active", "Invited" or "No account"
    action_url: str  # withdraw or re-enrol, when the page offers it


def _account(user_id: int | None, password: str | None) -> str:
    if user_id is None:
        return "No account"
    # A learner invited by email has an account without a usable password until they choose one.
    return "Active" if is_password_usable(password) else "Invited"


def roster_rows(*, program: Program) -> list[RosterRow]:
    """The program's roster (enrolled, then withdrawn learners), read as values: one query."""
    rows = roster_for_program(program=program).values_list(
        "pk",
        "status",
        "learner__first_name",
        "learner__last_name",
        "learner__email",
        "learner__kind",
        "learner__residency_program",
        "learner__pgy_level",
        "learner__clerkship_year",
        "learner__program_director_name",
        "learner__program_director_email",
        "learner__user_id",
        "learner__user__password",
    )
    return [
        RosterRow(
            enrollment_id=pk,
            is_enrolled=status == Enrollment.Status.ENROLLED,
            status=Enrollment.Status(status).label,
            full_name=learner_name(first_name, last_name),
            email=email,
            training=", ".join(
                ([] if kind == Learner.Kind.RESIDENT else [Learner.Kind(kind).label])
                + [residency, learner_level(kind, pgy_level, clerkship_year)]
            ),
            director_name=director_name,
            director_email=director_email,
            account=_account(user_id, password),
            action_url="",
        )
        for (
            pk,
            status,
            first_name,
            last_name,
            email,
            kind,
            residency,
            pgy_level,
            clerkship_year,
            director_name,
            director_email,
            user_id,
            password,
        ) in rows
    ]


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


class LearnerAttendance(TypedDict):
    full_name: str
    present: int
    absent: int
    excused: int


def attendance_summary(*, program: Program) -> tuple[list[LearnerAttendance], list[SeminarSession]]:
    """(each enrolled learner's attendance, each session that is not cancelled annotated with its
    present, absent and excused): two queries, the counting done by the database."""
    learners = [
        LearnerAttendance(
            full_name=learner_name(first_name, last_name),
            present=present,
            absent=absent,
            excused=excused,
        )
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
