"""Evaluation windows and what a learner has due."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Administration,
    CourseEvaluation,
    DemographicAnswers,
    EvaluationSettings,
    Response,
    SessionEvaluation,
)
from assessments.selectors.lookups import enrolled_programs
from config.queries import compiled_once
from rotation.models import Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import sessions_for_learner

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


@dataclass(frozen=True)
class LearnerProgram:
    """One of the learner's enrolled programs with what their due list and the demographic
    invitation read about it."""

    program: Program
    session_open_days: int
    demographic_fields: list[str]
    has_course_evaluation: bool
    has_demographic_answers: bool
    # Its instruments' administrations, each with its `instrument_title` and the learner's
    # response's `my_status` (None before they start it).
    administrations: list[Administration]

    @property
    def has_submitted_post(self) -> bool:
        """Whether the learner submitted a post-assessment of the program (any instrument's)."""
        return any(
            administration.kind == Administration.Kind.POST
            and administration.my_status == Response.Status.SUBMITTED
            for administration in self.administrations
        )


@compiled_once
def _enrollments_with_what_is_due(learner_id, program_ids):
    """The learner's enrollments in these programs with what learner_programs reads of the
    programs, a row per administration; its subqueries follow each row's learner and program."""
    learner, program = OuterRef("learner_id"), OuterRef("program_id")
    mine = Response.objects.filter(
        learner=learner, administration=OuterRef("program__instruments__administrations")
    ).order_by()
    return (
        Enrollment.objects.filter(learner=learner_id, program_id__in=program_ids)
        .annotate(
            has_course_evaluation=Exists(
                CourseEvaluation.objects.filter(learner=learner, program=program)
            ),
            has_demographic_answers=Exists(
                DemographicAnswers.objects.filter(learner=learner, program=program)
            ),
            my_status=Subquery(mine.values("status")[:1]),
        )
        .order_by("program__instruments__administrations__opens_at")
        .values_list(
            "program_id",
            "program__evaluation_settings__session_open_days",
            "program__evaluation_settings__demographic_fields",
            "has_course_evaluation",
            "has_demographic_answers",
            "program__instruments__administrations__pk",
            "program__instruments__administrations__kind",
            "program__instruments__administrations__opens_at",
            "program__instruments__administrations__closes_at",
            "program__instruments__title",
            "my_status",
        )
    )


def learner_programs(*, learner: Learner, programs: list[Program]) -> list[LearnerProgram]:
    """These programs (the learner's enrolled ones, already read) with their evaluation
    settings, whether the learner gave the course evaluation and the demographic answers, and
    their administrations: one query, a row per administration (none for no programs)."""
    if not programs:
        return []
    rows = _enrollments_with_what_is_due(learner.pk, [program.pk for program in programs])
    read = {}
    administrations = defaultdict(list)
    for pk, *settings, administration_pk, kind, opens_at, closes_at, title, status in rows:
        read[pk] = settings
        if administration_pk is not None:
            administration = Administration(
                pk=administration_pk, kind=kind, opens_at=opens_at, closes_at=closes_at
            )
            administration.instrument_title, administration.my_status = title, status
            administrations[pk].append(administration)
    result = []
    for program in programs:
        open_days, fields, has_course_evaluation, has_demographic_answers = read[program.pk]
        result.append(
            LearnerProgram(
                program=program,
                session_open_days=DEFAULT_SESSION_OPEN_DAYS if open_days is None else open_days,
                demographic_fields=fields or [],
                has_course_evaluation=has_course_evaluation,
                has_demographic_answers=has_demographic_answers,
                administrations=administrations[program.pk],
            )
        )
    return result


def due_for_learner(
    *,
    learner: Learner,
    now: datetime,
    programs: list[LearnerProgram] | None = None,
    sessions: list[SeminarSession] | None = None,
) -> list[DueItem]:
    """Open assessments not yet submitted, open evaluations not yet given, and results that
    have become available; soonest deadline first. One query whatever the numbers when the
    caller passes what it read already: the learner's `programs` (learner_programs) and
    `sessions` (rotation's sessions_for_learner), none when no session's evaluation window is
    open; four when it passes neither."""
    if programs is None:
        programs = learner_programs(
            learner=learner, programs=list(enrolled_programs(learner=learner))
        )
    if sessions is None:
        sessions = list(sessions_for_learner(learner=learner))
    # Those opened, in the order they opened; an archived program is read-only: its results
    # stay, nothing is due any more.
    opened = sorted(
        (
            (administration, not p.program.is_archived)
            for p in programs
            for administration in p.administrations
            if administration.opens_at <= now
        ),
        key=lambda opened: opened[0].opens_at,
    )
    active = [p for p in programs if not p.program.is_archived]
    due = []
    for administration, is_answerable in opened:
        status = administration.my_status
        if is_answerable and administration.is_open(now) and status != Response.Status.SUBMITTED:
            due.append(
                DueItem(
                    kind=administration.kind,
                    title=f"{administration.get_kind_display()}: {administration.instrument_title}",
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
                    title=f"Your results: {administration.instrument_title}",
                    url=reverse("assessments:results", args=[administration.pk]),
                    deadline=None,
                    status="Results available",
                )
            )
    due.extend(
        _due_session_evaluations(learner=learner, programs=active, sessions=sessions, now=now)
    )
    due.extend(_due_course_evaluations(programs=active, now=now))
    far = now + timedelta(days=3650)
    return sorted(due, key=lambda d: (d.deadline or far, d.title))


def _due_session_evaluations(*, learner, programs, sessions, now) -> list[DueItem]:
    """The sessions of these (active) programs whose evaluation window is open and that the
    learner has not evaluated: one query (none when no window is open)."""
    open_days = {p.program.pk: p.session_open_days for p in programs}
    open_now = []
    for session in sessions:
        if session.program_id in open_days:
            closes = session.ends_at + timedelta(days=open_days[session.program_id])
            if session.ends_at <= now < closes:
                open_now.append((session, closes))
    if not open_now:
        return []
    # A set, so unordered: the model's ordering would join the sessions for their start.
    evaluated = set(
        SessionEvaluation.objects.filter(
            learner=learner, session_id__in=[session.pk for session, _ in open_now]
        )
        .order_by()
        .values_list("session_id", flat=True)
    )
    return [
        DueItem(
            kind="session",
            title=f"Evaluate: {session.title}",
            url=reverse("assessments:evaluate_session", args=[session.pk]),
            deadline=closes,
            status="Open",
        )
        for session, closes in open_now
        if session.pk not in evaluated
    ]


def _due_course_evaluations(*, programs, now) -> list[DueItem]:
    return [
        DueItem(
            kind="course",
            title=f"End-of-course evaluation: {p.program.name}",
            url=reverse("assessments:evaluate_course", args=[p.program.slug]),
            deadline=None,
            status="Open",
        )
        for p in programs
        if not p.has_course_evaluation and p.program.end_date < timezone.localdate(now)
    ]
