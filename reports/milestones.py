"""Systems-Based Practice milestone evidence per learner (issue 16): for each enrollment, the
hours and sessions attended per ACGME Milestones 2.0 SBP sub-competency, the knowledge scores of
every time point against the cohort, and completion. Reads only: `evidence_for` takes 5 queries
whatever the number of learners (the per-learner PDFs, the certificate, the bulk CSV and the
zip all read it)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from assessments.models import Administration, Instrument, Response
from config.safe_csv import SafeWriter
from reports.analysis.data import MIN_CELL
from reports.selectors import REPORT_INSTRUMENT_ORDER, report_instruments
from rotation.competencies import SUB_THEMES, SbpCompetency, short_label
from rotation.exports import hours_between, session_hours
from rotation.models import Attendance, Enrollment, Learner, Program, SeminarSession
from rotation.selectors.learner import enrollments_of

# The one rule for "completed", said on the certificate and in the README.
COMPLETION_SHARE = Decimal("0.80")
COMPLETION_RULE = (
    "present for at least 80 % of the hours of the program's published sessions, and the "
    "post-assessment submitted"
)
TIME_POINTS = [(kind, label) for kind, label in Administration.Kind.choices]


@dataclass(frozen=True)
class CompetencyEvidence:
    code: str
    label: str
    sub_themes: tuple[str, ...]
    sessions: int
    hours: Decimal


@dataclass(frozen=True)
class AttendedSession:
    day: date
    title: str
    hours: Decimal
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """The learner's knowledge score at one time point (percent correct; None when not taken)
    and the cohort's: its size, mean and the learner's percentile rank, both None when fewer
    than MIN_CELL learners took it (no other learner is ever identified)."""

    kind: str
    label: str
    percent: float | None
    cohort_n: int
    cohort_mean: float | None
    percentile: float | None

    @property
    def is_suppressed(self) -> bool:
        return self.cohort_n < MIN_CELL


@dataclass(frozen=True)
class Evidence:
    enrollment: Enrollment
    competencies: list[CompetencyEvidence]
    sessions: list[AttendedSession]
    hours_attended: Decimal
    hours_scheduled: Decimal
    sessions_scheduled: int
    scores: list[Score]
    post_submitted_on: date | None
    is_completed: bool
    completed_on: date | None

    @property
    def learner(self) -> Learner:
        return self.enrollment.learner

    @property
    def program(self) -> Program:
        return self.enrollment.program

    @property
    def attendance_percent(self) -> float:
        if not self.hours_scheduled:
            return 0.0
        return float(self.hours_attended * 100 / self.hours_scheduled)

    @property
    def taken_scores(self) -> list[Score]:
        return [score for score in self.scores if score.percent is not None or score.cohort_n]

    def score(self, kind: str) -> Score:
        return next(score for score in self.scores if score.kind == kind)


def is_completed(*, enrollment: Enrollment, attended: Decimal, scheduled: Decimal, post) -> bool:
    """The completion rule (COMPLETION_RULE); a withdrawn learner has not completed."""
    return (
        enrollment.status == Enrollment.Status.ENROLLED
        and scheduled > 0
        and attended >= scheduled * COMPLETION_SHARE
        and post is not None
    )


def percentile_rank(value: float, cohort: list[float]) -> float:
    """The share of the cohort (the learner included) scoring lower, ties counted half, in %."""
    below = sum(1 for other in cohort if other < value)
    equal = sum(1 for other in cohort if other == value)
    return 100.0 * (below + 0.5 * equal) / len(cohort)


def _percent(correct, total) -> float | None:
    if correct is None or not total:
        return None
    return 100.0 * correct / total


@dataclass(frozen=True)
class Progress:
    """An enrollment's hours and completion, as My rotation lists them (no scores)."""

    enrollment: Enrollment
    hours_attended: Decimal
    hours_scheduled: Decimal
    is_completed: bool
    completed_on: date | None

    @property
    def program(self) -> Program:
        return self.enrollment.program


def progress_for(
    *,
    learner: Learner,
    enrollments: list[Enrollment],
    sessions: list[SeminarSession],
    posted: set[int] | None = None,
) -> list[Progress]:
    """The learner's own enrollments (all of them, programs loaded: rotation's enrollments_of)
    with the hours and completion `evidence_for` gives them, without the cohort's scores, in
    their order, from the published sessions of their programs that the page read already
    (`sessions`, with `was_present`: rotation's program_sessions_of): 1 query whatever the
    number of programs. `posted`, when the caller knows it: the programs the learner is
    enrolled in and submitted a post-assessment of (no other enrollment can be completed), so
    none without any."""
    program_ids = {e.program_id for e in enrollments}
    if posted is not None:
        program_ids &= posted
    by_program = defaultdict(list)
    for session in sessions:
        by_program[session.program_id].append(
            (session.starts_at, session.ends_at, session.was_present)
        )
    posts = _posts_submitted(learner=learner, program_ids=program_ids) if program_ids else {}
    return [_progress(e, by_program[e.program_id], posts.get(e.program_id)) for e in enrollments]


def _posts_submitted(*, learner: Learner, program_ids: set[int]) -> dict[int, datetime]:
    """When the learner submitted the post of the instrument each program's course evaluation
    is about, by program id, for those programs where they did."""
    chosen = (
        Instrument.objects.filter(
            program_id=OuterRef("administration__instrument__program_id"),
            administrations__isnull=False,
        )
        .order_by(*REPORT_INSTRUMENT_ORDER)
        .values("pk")[:1]
    )
    return dict(
        Response.objects.filter(
            learner=learner,
            status=Response.Status.SUBMITTED,
            administration__kind=Administration.Kind.POST,
            administration__instrument__program_id__in=program_ids,
            administration__instrument_id=Subquery(chosen),
        )
        .order_by()
        .values_list("administration__instrument__program_id", "submitted_at")
    )


def _progress(enrollment, sessions, post_submitted_at) -> Progress:
    hours_scheduled = Decimal("0.00")
    hours_attended = Decimal("0.00")
    last_day = None
    for starts_at, ends_at, was_present in sessions:
        hours = hours_between(starts_at, ends_at)
        hours_scheduled += hours
        if was_present:
            hours_attended += hours
            day = timezone.localtime(starts_at).date()
            last_day = day if last_day is None else max(last_day, day)
    post = (post_submitted_at,) if post_submitted_at is not None else None
    completed = is_completed(
        enrollment=enrollment, attended=hours_attended, scheduled=hours_scheduled, post=post
    )
    completed_on = None
    if completed:
        post_on = timezone.localtime(post_submitted_at).date()
        completed_on = max(post_on, last_day) if last_day else post_on
    return Progress(
        enrollment=enrollment,
        hours_attended=hours_attended,
        hours_scheduled=hours_scheduled,
        is_completed=completed,
        completed_on=completed_on,
    )


def evidence_for(*, enrollments: list[Enrollment]) -> list[Evidence]:
    """The evidence of these enrollments (learner and program already loaded), in their order:
    4 queries whatever their number (none when there are none)."""
    if not enrollments:
        return []
    program_ids = {e.program_id for e in enrollments}
    learner_ids = {e.learner_id for e in enrollments}
    sessions: dict[int, list[SeminarSession]] = defaultdict(list)
    for session in (
        SeminarSession.objects.filter(
            program_id__in=program_ids, status=SeminarSession.Status.PUBLISHED
        )
        .select_related("topic")
        .order_by("starts_at")
    ):
        sessions[session.program_id].append(session)
    present = set(
        Attendance.objects.filter(
            session__program_id__in=program_ids,
            learner_id__in=learner_ids,
            status=Attendance.Status.PRESENT,
        ).values_list("session_id", "learner_id")
    )
    instruments = report_instruments(program_ids)
    program_of = {instrument: program for program, (instrument, _) in instruments.items()}
    # Every submitted response of the chosen instruments, the cohort's too: the cohort is the
    # program's enrolled learners (a comparison group's answers are not the cohort's).
    answers = (
        Response.objects.filter(
            administration__instrument_id__in=program_of,
            status=Response.Status.SUBMITTED,
            learner__enrollments__program_id=F("administration__instrument__program_id"),
        )
        .values_list(
            "administration__instrument_id",
            "administration__kind",
            "learner_id",
            "knowledge_correct",
            "knowledge_total",
            "submitted_at",
        )
        .order_by()
    )
    cohort: dict[tuple[int, str], list[float]] = defaultdict(list)
    own: dict[tuple[int, int, str], tuple[float | None, object]] = {}
    for instrument_id, kind, learner_id, correct, total, submitted_at in answers:
        program_id = program_of[instrument_id]
        percent = _percent(correct, total)
        if percent is not None:
            cohort[program_id, kind].append(percent)
        own[program_id, learner_id, kind] = (percent, submitted_at)
    return [_evidence(e, sessions[e.program_id], present, cohort, own) for e in enrollments]


def _evidence(enrollment, sessions, present, cohort, own) -> Evidence:
    attended = [s for s in sessions if (s.pk, enrollment.learner_id) in present]
    attended_rows = [
        AttendedSession(
            day=timezone.localtime(s.starts_at).date(),
            title=s.title,
            hours=session_hours(s),
            codes=tuple(sorted(s.topic.sbp_competencies or [])) if s.topic else (),
        )
        for s in attended
    ]
    competencies = []
    for code in SbpCompetency.values:
        tagged = [row for row in attended_rows if code in row.codes]
        competencies.append(
            CompetencyEvidence(
                code=code,
                label=short_label(code),
                sub_themes=SUB_THEMES[code],
                sessions=len(tagged),
                hours=sum((row.hours for row in tagged), Decimal("0.00")),
            )
        )
    hours_attended = sum((row.hours for row in attended_rows), Decimal("0.00"))
    hours_scheduled = sum((session_hours(s) for s in sessions), Decimal("0.00"))
    scores = []
    for kind, label in TIME_POINTS:
        percent, _ = own.get((enrollment.program_id, enrollment.learner_id, kind), (None, None))
        others = cohort.get((enrollment.program_id, kind), [])
        shown = len(others) >= MIN_CELL
        scores.append(
            Score(
                kind=kind,
                label=label,
                percent=percent,
                cohort_n=len(others),
                cohort_mean=sum(others) / len(others) if shown else None,
                percentile=percentile_rank(percent, others)
                if shown and percent is not None
                else None,
            )
        )
    post = own.get((enrollment.program_id, enrollment.learner_id, Administration.Kind.POST))
    post_on = timezone.localtime(post[1]).date() if post else None
    completed = is_completed(
        enrollment=enrollment, attended=hours_attended, scheduled=hours_scheduled, post=post
    )
    return Evidence(
        enrollment=enrollment,
        competencies=competencies,
        sessions=attended_rows,
        hours_attended=hours_attended,
        hours_scheduled=hours_scheduled,
        sessions_scheduled=len(sessions),
        scores=scores,
        post_submitted_on=post_on,
        is_completed=completed,
        completed_on=max([post_on, *(row.day for row in attended_rows)]) if completed else None,
    )


# ---------------------------------------------------------------------------------------------
# Who sees whose evidence
# ---------------------------------------------------------------------------------------------


def enrollments_for_export(
    *, programs: QuerySet[Program], academic_year: str, residency_program: str = ""
) -> QuerySet[Enrollment]:
    """The enrollments of a residency program (or all) in these programs of one academic year,
    learners by name; learners whose data was erased are left out."""
    enrollments = (
        Enrollment.objects.filter(
            program__in=programs.filter(academic_year=academic_year),
            learner__deidentified_at__isnull=True,
        )
        .select_related("learner", "program")
        .order_by("learner__last_name", "learner__first_name", "learner_id", "program__start_date")
    )
    if residency_program:
        enrollments = enrollments.filter(learner__residency_program=residency_program)
    return enrollments


def own_enrollments(*, learner: Learner) -> QuerySet[Enrollment]:
    return enrollments_of(learner=learner).select_related("learner")


def director_names(*, program: Program) -> list[str]:
    """Who signs the certificate: the program's directors, by name."""
    directors = program.directors.order_by("last_name", "first_name", "email")
    return [user.get_full_name() or user.email for user in directors]


def get_own_evidence(*, learner: Learner, pk: int) -> Evidence:
    """The evidence of one of the learner's own enrollments; 404 for anyone else's."""
    enrollment = own_enrollments(learner=learner).filter(pk=pk).first()
    if enrollment is None:
        raise Http404("No such enrollment.")
    return evidence_for(enrollments=[enrollment])[0]


# ---------------------------------------------------------------------------------------------
# The bulk CSV for residency management systems (columns: README "Milestone evidence")
# ---------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "learner_email",
    "external_id",
    "last_name",
    "first_name",
    "residency_program",
    "pgy_level",
    "program",
    "program_name",
    "academic_year",
    "enrollment_status",
    *(f"{code.lower()}_{what}" for code in SbpCompetency.values for what in ("hours", "sessions")),
    "hours_attended",
    "hours_scheduled",
    *(f"{kind}_score" for kind, _ in TIME_POINTS),
    "completed",
    "certificate_date",
)


def _score_cell(percent: float | None) -> str:
    return "" if percent is None else f"{percent:.1f}"


def csv_row(evidence: Evidence) -> list:
    learner, program = evidence.learner, evidence.program
    return [
        learner.email,
        learner.external_id,
        learner.last_name,
        learner.first_name,
        learner.residency_program,
        learner.pgy_level,
        program.slug,
        program.name,
        program.academic_year,
        evidence.enrollment.status,
        *(value for row in evidence.competencies for value in (row.hours, row.sessions)),
        evidence.hours_attended,
        evidence.hours_scheduled,
        *(_score_cell(score.percent) for score in evidence.scores),
        "yes" if evidence.is_completed else "no",
        evidence.completed_on.isoformat() if evidence.completed_on else "",
    ]


def to_csv(evidence: list[Evidence]) -> str:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(row) for row in evidence)
    return buffer.getvalue()
