"""Reads for benchmarking across years and programs: the programs a user may compare, and
their pre/post responses and session ratings as rows for `reports.analysis.benchmarking`.

The reads take a constant number of queries whatever the number of programs and learners
(`BENCHMARK_QUERIES`): each kind of row comes back for every program at once.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from assessments.models import (
    Administration,
    Answer,
    ComparisonMember,
    Item,
    Response,
    SessionEvaluation,
)
from reports.analysis.benchmarking import Benchmarking, CohortInput, benchmark
from reports.analysis.data import CourseRows, ItemRow, course_data
from reports.selectors import ANSWER_COLUMNS, report_instruments
from rotation.models import Enrollment, Program, ProgramPartner
from rotation.selectors.access import programs_for_director

BENCHMARK_QUERIES = 9  # programs, partners, instruments, items, enrolled, submitted,
# answers, comparison members, session ratings
KNOWLEDGE_QUERIES = 6  # the same without partners, enrolled and session ratings
TIME_POINTS = (Administration.Kind.PRE, Administration.Kind.POST)


def programs_to_benchmark(*, user):
    """Staff compare every program; a course director the programs they direct."""
    return programs_for_director(user=user)


def cohort_inputs(*, programs, knowledge_only: bool = False) -> list[CohortInput]:
    """Every program's pre/post data and session ratings: `BENCHMARK_QUERIES` queries.
    `knowledge_only`: the knowledge items and their right answers alone, no partners, enrolment
    or ratings (`KNOWLEDGE_QUERIES` queries): what `analyse_knowledge` counts, same figures."""
    kinds = [Item.Kind.KNOWLEDGE] if knowledge_only else [Item.Kind.KNOWLEDGE, Item.Kind.ATTITUDE]
    programs = list(
        programs.order_by("academic_year", "format", "name", "pk").values_list(
            "pk", "name", "slug", "academic_year", "format", "start_date", "end_date"
        )
    )
    ids = [row[0] for row in programs]
    partners: dict[int, list[str]] = defaultdict(list)
    for program_id, name in (
        ()
        if knowledge_only
        else ProgramPartner.objects.filter(program_id__in=ids)
        .order_by("organization__name")
        .values_list("program_id", "organization__name")
    ):
        partners[program_id].append(name)
    instruments = report_instruments(ids)
    program_of = {pk: program_id for program_id, (pk, _) in instruments.items()}
    items: dict[int, list[ItemRow]] = defaultdict(list)
    scale = _labels()  # one unsaved Item, not one per item
    for instrument_id, *row in (
        Item.objects.filter(instrument_id__in=program_of, kind__in=kinds)
        .order_by("instrument_id", "position", "pk")
        .values_list(
            "instrument_id",
            "pk",
            "kind",
            "text",
            "topic",
            "subscale",
            "is_reverse_scored",
            "scale_labels",
            "has_retrospective",
        )
    ):
        pk, kind, text, topic, subscale, reverse, labels, retro = row
        items[program_of[instrument_id]].append(
            ItemRow(pk, kind, text, topic, subscale, reverse, tuple(labels) or scale, retro)
        )
    enrolled = (
        {}
        if knowledge_only
        else dict(
            Enrollment.objects.filter(program_id__in=ids, status=Enrollment.Status.ENROLLED)
            .values("program_id")
            .annotate(count=Count("pk"))
            .values_list("program_id", "count")
        )
    )
    submitted: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for instrument_id, learner_id, kind in (
        Response.objects.filter(
            administration__instrument_id__in=program_of,
            administration__kind__in=TIME_POINTS,
            status=Response.Status.SUBMITTED,
        )
        .order_by()
        .values_list("administration__instrument_id", "learner_id", "administration__kind")
    ):
        submitted[program_of[instrument_id]].append((learner_id, kind))
    # Only the answers the figures count: correct knowledge answers and scored attitude answers
    # (`course_data` skips the others), without their text (free-text items are not read).
    counted = Q(item__kind=Item.Kind.KNOWLEDGE, is_correct=True) | Q(
        item__kind=Item.Kind.ATTITUDE, score__isnull=False
    )
    answers: dict[int, list[tuple]] = defaultdict(list)
    for instrument_id, *answer in (
        Answer.objects.filter(
            counted,
            response__administration__instrument_id__in=program_of,
            response__administration__kind__in=TIME_POINTS,
            response__status=Response.Status.SUBMITTED,
            item__kind__in=kinds,
        )
        .order_by()  # unordered: course_data places answers by learner and item
        .values_list("response__administration__instrument_id", *ANSWER_COLUMNS)
    ):
        answers[program_of[instrument_id]].append((*answer, ""))
    comparison: dict[int, list[int]] = defaultdict(list)
    for program_id, learner_id in ComparisonMember.objects.filter(program_id__in=ids).values_list(
        "program_id", "learner_id"
    ):
        comparison[program_id].append(learner_id)
    ratings: dict[int, list[int]] = defaultdict(list)
    for program_id, overall in (
        ()
        if knowledge_only
        else SessionEvaluation.objects.filter(session__program_id__in=ids)
        .order_by("pk")
        .values_list("session__program_id", "overall")
    ):
        ratings[program_id].append(overall)
    formats = dict(Program.Format.choices)
    inputs = []
    for pk, name, slug, year, program_format, start_date, end_date in programs:
        rows = CourseRows(
            program_name=name,
            program_slug=slug,
            academic_year=year,
            start_date=start_date,
            end_date=end_date,
            instrument_title=instruments.get(pk, (None, ""))[1],
            instrument_version=None,
            windows=(),
            items=tuple(items[pk]),
            submitted=tuple(submitted[pk]),
            answers=tuple(answers[pk]),
            enrolled=enrolled.get(pk, 0),
            sessions=(),
            teaching=(),
            session_evaluations=(),
            faculty_ratings=(),
            course_evaluations=(),
            comparison=tuple(comparison[pk]),
        )
        inputs.append(
            CohortInput(
                program_id=pk,
                name=name,
                slug=slug,
                academic_year=year,
                format=program_format,
                format_label=formats[program_format].split(" (")[0],
                partners=tuple(partners[pk]),
                data=course_data(rows),
                session_overall=tuple(ratings[pk]),
            )
        )
    return inputs


def _labels() -> tuple[str, ...]:
    return tuple(Item(kind=Item.Kind.ATTITUDE).labels)


def benchmarking(*, user) -> Benchmarking:
    """The benchmarking of every program the user may compare: read, then analysed."""
    return benchmark(cohort_inputs(programs=programs_to_benchmark(user=user)))
