"""Evaluation windows and what a learner has due."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments.models import Administration, CourseEvaluation, EvaluationSettings, Response
from assessments.selectors.lookups import enrolled_programs
from rotation.models import Learner, Program, SeminarSession

DEFAULT_SESSION_OPEN_DAYS = 7


def session_open_days(*, program: Program) -> int:
    settings = EvaluationSettings.objects.filter(program=program).first()
    return settings.session_open_days if settings else DEFAULT_SESSION_OPEN_DAYS


def evaluation_window(*, session: SeminarSession) -> tuple[datetime, datetime]:
    days = session_open_days(program=session.program)
    return session.ends_at, session.ends_at + timedelta(days=days)


# --- What a learner has due ---------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    kind: str  # "pre", "post", "session", "course", "results"
    title: str
    url: str
    deadline: datetime | None
    status: str  # "Not started", "Draft saved", "Results available", "Open"


def due_for_learner(*, learner: Learner, now: datetime) -> list[DueItem]:
    """Open assessments not yet submitted, open evaluations not yet given, and results that
    have become available; soonest deadline first. Three queries whatever the numbers."""
    programs = list(
        enrolled_programs(learner=learner)
        .select_related("evaluation_settings")
        .annotate(
            has_course_evaluation=Exists(
                CourseEvaluation.objects.filter(learner=learner, program=OuterRef("pk"))
            )
        )
    )
    mine = Response.objects.filter(learner=learner, administration=OuterRef("pk"))
    administrations = (
        Administration.objects.filter(instrument__program__in=programs, opens_at__lte=now)
        .select_related("instrument")
        .annotate(my_status=Subquery(mine.values("status")[:1]))
    )
    # An archived program is read-only: its results stay, nothing is due any more.
    archived = {program.pk for program in programs if program.is_archived}
    active = [program for program in programs if not program.is_archived]
    due = []
    for administration in administrations:
        status = administration.my_status
        is_answerable = administration.instrument.program_id not in archived
        if is_answerable and administration.is_open(now) and status != Response.Status.SUBMITTED:
            due.append(
                DueItem(
                    kind=administration.kind,
                    title=f"{administration.get_kind_display()}: {administration.instrument.title}",
                    url=reverse("assessments:take", args=[administration.pk]),
                    deadline=administration.closes_at,
                    status="Draft saved" if status else "Not started",
                )
            )
        elif (
            administration.kind == Administration.Kind.POST
            and now >= administration.closes_at
            and status == Response.Status.SUBMITTED
        ):
            due.append(
                DueItem(
                    kind="results",
                    title=f"Your results: {administration.instrument.title}",
                    url=reverse("assessments:results", args=[administration.pk]),
                    deadline=None,
                    status="Results available",
                )
            )
    due.extend(_due_session_evaluations(learner=learner, programs=active, now=now))
    due.extend(_due_course_evaluations(learner=learner, programs=active, now=now))
    far = now + timedelta(days=3650)
    return sorted(due, key=lambda d: (d.deadline or far, d.title))


def _open_days(program: Program) -> int:
    try:
        return program.evaluation_settings.session_open_days
    except EvaluationSettings.DoesNotExist:
        return DEFAULT_SESSION_OPEN_DAYS


def _due_session_evaluations(*, learner, programs, now) -> list[DueItem]:
    if not programs:
        return []
    longest = max(_open_days(p) for p in programs)
    by_pk = {p.pk: p for p in programs}
    sessions = (
        SeminarSession.objects.filter(
            program__in=by_pk,
            status=SeminarSession.Status.PUBLISHED,
            ends_at__lte=now,
            ends_at__gt=now - timedelta(days=longest),
        )
        .exclude(evaluations__learner=learner)
        .order_by("ends_at")
    )
    due = []
    for session in sessions:
        closes = session.ends_at + timedelta(days=_open_days(by_pk[session.program_id]))
        if now < closes:
            due.append(
                DueItem(
                    kind="session",
                    title=f"Evaluate: {session.title}",
                    url=reverse("assessments:evaluate_session", args=[session.pk]),
                    deadline=closes,
                    status="Open",
                )
            )
    return due


def _due_course_evaluations(*, learner, programs, now) -> list[DueItem]:
    return [
        DueItem(
            kind="course",
            title=f"End-of-course evaluation: {program.name}",
            url=reverse("assessments:evaluate_course", args=[program.slug]),
            deadline=None,
            status="Open",
        )
        for program in programs
        if not program.has_course_evaluation and program.end_date < timezone.localdate(now)
    ]
