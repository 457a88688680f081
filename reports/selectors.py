"""Reads of the reports app: report runs (access-checked) and, for the pure analysis in
`reports.analysis`, a program's stored responses and evaluations as rows of primitives."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import (
    DEMOGRAPHIC_FIELDS,
    PREFER_NOT_TO_SAY,
    Administration,
    Answer,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    FacultyRating,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from config.queries import built_once
from reports.analysis.course import CourseReport, analyse
from reports.analysis.data import CourseRows, ItemRow, TeachingRow, course_data
from reports.analysis.feedback import FacultyFeedback, FeedbackRows, summarise_feedback
from reports.models import ReportRun
from rotation.models import Enrollment, SeminarSession, SessionFaculty

# ---------------------------------------------------------------------------------------------
# Report runs
# ---------------------------------------------------------------------------------------------

# An answer as `reports.analysis.data.CourseRows` holds it, but for its text (added by those
# that read free-text items).
ANSWER_COLUMNS = (
    "response__learner_id",
    "response__administration__kind",
    "item_id",
    "is_retrospective",
    "score",
    "value",
    "is_correct",
)


def runs_for_program(*, program) -> QuerySet[ReportRun]:
    """The course evaluations of a program (a partner's value report of it is the partner's)."""
    return ReportRun.objects.filter(
        kind=ReportRun.Kind.COURSE_EVALUATION, program=program
    ).select_related("requested_by")


def get_run_for_program(*, program, pk: int) -> ReportRun:
    """A run of this (already access-checked) program; 404 for another program's run."""
    return _get(runs_for_program(program=program), pk=pk)


def runs_for_faculty_member(*, faculty_member) -> QuerySet[ReportRun]:
    """A faculty member's own feedback reports: nobody else's, whoever requested them."""
    return ReportRun.objects.filter(
        kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=faculty_member
    ).select_related("requested_by")


def get_run_for_faculty_member(*, faculty_member, pk: int) -> ReportRun:
    """One of the faculty member's own feedback reports; 404 for anyone else's run."""
    return _get(runs_for_faculty_member(faculty_member=faculty_member), pk=pk)


def milestone_runs_for(*, user) -> QuerySet[ReportRun]:
    """The zips of milestone evidence the user asked for: nobody else's, whoever they are."""
    return ReportRun.objects.filter(
        kind=ReportRun.Kind.MILESTONE_EVIDENCE, requested_by=user
    ).select_related("requested_by")


def get_milestone_run(*, user, pk: int) -> ReportRun:
    """One of the user's own milestone evidence zips; 404 for anyone else's run."""
    return _get(milestone_runs_for(user=user), pk=pk)


def runs_for_benchmarking(*, user) -> QuerySet[ReportRun]:
    """The benchmarking PDFs the user asked for: each shows what its requester may compare.
    The benchmarking page lists them by date and status alone: no requester joined."""
    return ReportRun.objects.filter(kind=ReportRun.Kind.BENCHMARKING, requested_by=user)


def get_run_for_benchmarking(*, user, pk: int) -> ReportRun:
    """One of the user's own benchmarking runs, with its requester (its page names them); 404
    for anyone else's."""
    return _get(runs_for_benchmarking(user=user).select_related("requested_by"), pk=pk)


def runs_for_organization(*, organization) -> QuerySet[ReportRun]:
    """A partner's value reports, whoever of its managers requested them: 1 query."""
    return _partner_value_runs().filter(organization_id=organization.pk)


@built_once
def _partner_value_runs() -> QuerySet[ReportRun]:
    """Every partner's value reports with their joins, narrowed to one partner on each call."""
    return ReportRun.objects.filter(kind=ReportRun.Kind.PARTNER_VALUE).select_related(
        "requested_by", "program"
    )


def get_run_for_organization(*, organization, pk: int) -> ReportRun:
    """A value report of this (already access-checked) organization; 404 for any other run."""
    return _get(runs_for_organization(organization=organization), pk=pk)


def _get(runs: QuerySet[ReportRun], *, pk: int) -> ReportRun:
    try:
        return runs.get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report.") from None


# ---------------------------------------------------------------------------------------------
# Course evaluation
# ---------------------------------------------------------------------------------------------


# Which instrument a course evaluation is about: the program's current instrument with a
# post-assessment (else with a pre), most recent first.
REPORT_INSTRUMENT_ORDER = ("-is_current", "administrations__kind", "-created_at", "-pk")


def report_instrument(*, program) -> Instrument | None:
    """The instrument the course evaluation is about; None when there is none."""
    return (
        Instrument.objects.filter(program=program, administrations__isnull=False)
        .order_by(*REPORT_INSTRUMENT_ORDER)
        .first()
    )


def report_instruments(program_ids) -> dict[int, tuple[int, str]]:
    """`report_instrument` of each of these programs, id and title, in one query."""
    rows = (
        Instrument.objects.filter(program_id__in=program_ids, administrations__isnull=False)
        .order_by("program_id", *REPORT_INSTRUMENT_ORDER)
        .values_list("program_id", "pk", "title")
    )
    chosen: dict[int, tuple[int, str]] = {}
    for program_id, pk, title in rows:
        chosen.setdefault(program_id, (pk, title))
    return chosen


def course_rows(*, program, instrument: Instrument | None = None) -> CourseRows:
    """The program's assessments and evaluations: 13 queries whatever the number of learners
    (7 without an instrument); every answer of every time point comes back in one."""
    if instrument is None:
        instrument = report_instrument(program=program)
    windows, items, submitted, answers, comparison, demographics = (), (), (), (), (), ()
    if instrument is not None:
        windows = tuple(
            Administration.objects.filter(instrument=instrument).values_list(
                "kind", "opens_at", "closes_at"
            )
        )
        items = tuple(
            ItemRow(
                pk=item.pk,
                kind=item.kind,
                text=item.text,
                topic=item.topic,
                subscale=item.subscale,
                is_reverse_scored=item.is_reverse_scored,
                labels=tuple(item.labels),  # the scale's own labels, else the default ones
                has_retrospective=item.has_retrospective,
            )
            for item in Item.objects.filter(instrument=instrument).order_by("position", "pk")
        )
        submitted = tuple(
            Response.objects.filter(
                administration__instrument=instrument, status=Response.Status.SUBMITTED
            ).values_list("learner_id", "administration__kind")
        )
        answers = tuple(
            Answer.objects.filter(
                response__administration__instrument=instrument,
                response__status=Response.Status.SUBMITTED,
            ).values_list(*ANSWER_COLUMNS, "text")
        )
        comparison = tuple(
            ComparisonMember.objects.filter(program=program)
            .order_by("learner_id")
            .values_list("learner_id", flat=True)
        )
        demographics = _demographic_rows(program=program)
    enrolled = Enrollment.objects.filter(program=program, status=Enrollment.Status.ENROLLED).count()
    return CourseRows(
        program_name=program.name,
        program_slug=program.slug,
        academic_year=program.academic_year,
        start_date=program.start_date,
        end_date=program.end_date,
        instrument_title=instrument.title if instrument else "",
        instrument_version=instrument.version if instrument else None,
        windows=windows,
        time_points=tuple(
            (kind, Administration.Kind(kind).label) for kind, _, _ in windows
        ),  # the windows come by opening time, and the scheduling keeps the time points in order
        items=items,
        submitted=submitted,
        answers=answers,
        comparison=comparison,
        demographics=demographics,
        enrolled=enrolled,
        **_session_rows(program=program),
    )


def _demographic_rows(*, program) -> tuple:
    """Per demographic question the program asks, (question, ((learner id, answer label), …)),
    "Prefer not to say" and unanswered left out: one query (the settings come with the rows)."""
    rows = list(
        DemographicAnswers.objects.filter(program=program)
        .order_by("learner_id")
        .values_list(
            "learner_id", "program__evaluation_settings__demographic_fields", *DEMOGRAPHIC_FIELDS
        )
    )
    if not rows:
        return ()
    asked = rows[0][1] or []
    result = []
    for index, name in enumerate(DEMOGRAPHIC_FIELDS, start=2):
        if name not in asked:
            continue
        question, choices = DEMOGRAPHIC_FIELDS[name]
        labels = {value: label for value, label in choices if value != PREFER_NOT_TO_SAY[0]}
        result.append(
            (question, tuple((row[0], labels[row[index]]) for row in rows if row[index] in labels))
        )
    return tuple(result)


def _session_rows(*, program) -> dict[str, tuple]:
    """Sessions, who taught them, their evaluations and faculty ratings: 4 queries."""
    sessions = (
        SeminarSession.objects.filter(program=program)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at")
    )
    teaching = (
        SessionFaculty.objects.filter(session__program=program)
        .exclude(confirmation=SessionFaculty.Confirmation.DECLINED)
        .order_by("session__starts_at", "faculty_member__last_name", "faculty_member__pk")
        .values_list(
            "session_id",
            "faculty_member_id",
            "faculty_member__first_name",
            "faculty_member__last_name",
            "faculty_member__organization__name",
        )
    )
    evaluations = (
        SessionEvaluation.objects.filter(session__program=program)
        .order_by("submitted_at", "pk")
        .values_list("session_id", "overall", "relevance", "changed_view", "comment")
    )
    ratings = (
        FacultyRating.objects.filter(evaluation__session__program=program)
        .order_by("pk")
        .values_list("faculty_member_id", "effectiveness")
    )
    course = (
        CourseEvaluation.objects.filter(program=program)
        .order_by("submitted_at", "pk")
        .values_list("overall", "most_valuable", "least_valuable", "topics_to_add")
    )
    return {
        "sessions": tuple(sessions),
        "teaching": tuple(TeachingRow(*row) for row in teaching),
        "session_evaluations": tuple(evaluations),
        "faculty_ratings": tuple(ratings),
        "course_evaluations": tuple(course),
    }


def course_report(*, program, instrument: Instrument | None = None) -> CourseReport:
    """The program's course evaluation: read (13 queries), then analysed without the database."""
    return analyse(course_data(course_rows(program=program, instrument=instrument)))


# ---------------------------------------------------------------------------------------------
# Faculty feedback
# ---------------------------------------------------------------------------------------------


def feedback_rows(*, faculty_member) -> FeedbackRows:
    """A faculty member's own sessions and their ratings: 3 queries (and 1 for the
    organization when it is not loaded yet)."""
    sessions = tuple(
        SessionFaculty.objects.filter(faculty_member=faculty_member)
        .exclude(confirmation=SessionFaculty.Confirmation.DECLINED)
        .exclude(is_session_cancelled=True)
        .order_by("starts_at", "pk")
        .values_list("session_id", "session__title", "session__program__name", "starts_at")
    )
    ids = [row[0] for row in sessions]
    return FeedbackRows(
        name=f"{faculty_member.first_name} {faculty_member.last_name}",
        organization=faculty_member.organization.name,
        sessions=sessions,
        session_ratings=tuple(
            SessionEvaluation.objects.filter(session_id__in=ids).values_list(
                "session_id", "overall", "relevance", "changed_view"
            )
        ),
        own_ratings=tuple(
            FacultyRating.objects.filter(
                faculty_member=faculty_member, evaluation__session_id__in=ids
            ).values_list("evaluation__session_id", "effectiveness")
        ),
    )


def faculty_feedback(*, faculty_member) -> FacultyFeedback:
    """Aggregated ratings of one faculty member's own sessions, read then summarised."""
    return summarise_feedback(feedback_rows(faculty_member=faculty_member))
