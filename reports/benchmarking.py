"""Reads for benchmarking across years and programs: the programs a user may compare, and
their pre/post responses and session ratings as rows for `reports.analysis.benchmarking`.

The reads take a constant number of queries whatever the number of programs and learners
(`BENCHMARK_QUERIES`): each kind of row comes back for every program at once. The analyses
(`benchmarking`, `knowledge_by_program`) and what pages derive from them alone
(`derived_from_benchmarking`) are cached, keyed on the programs compared and on a
signature of everything the reads depend on (`_signature`), so that any change shows on the
next request. The signature holds the rows that can change in place (programs, enrolment
counts, partners' names, instruments and their administrations, the items of administered
instruments) as they are, and for the rows too many to read each time their number and the
sum of their ids, all programs' (a change elsewhere costs one analysis more, no more):
submitted responses, comparison members and session evaluations are only ever added or taken
away, never changed (a submitted response and its answers are immutable, the admin shows all
of them read-only), and ids only grow, so rows added have ids above every id taken away and
any change alters the count or the sum. A response is the exception: a draft is created
first and joins the submitted ones later with its old id, so their latest `submitted_at`
is in the signature too (a submission moves it forward). Which program a session (hence its
evaluations) belongs to changes only by saving the session, which sets its `updated_at`: the
latest one is in the signature too. The signature holds only the kinds of item the figures
count (knowledge and attitude; knowledge alone for the knowledge figures): an item whose kind
changes to or from one of them appears or disappears. The knowledge figures' signature leaves
out what their reads do not read: enrolment, partners and sessions with their ratings.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, JSONObject

from assessments.models import (
    Administration,
    Answer,
    ComparisonMember,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from reports import analysis, statistics
from reports.analysis.benchmarking import Benchmarking, CohortInput, benchmark
from reports.analysis.data import CourseRows, ItemRow, course_data
from reports.analysis.knowledge import Knowledge, analyse_knowledge
from reports.selectors import ANSWER_COLUMNS, report_instruments
from rotation.models import Enrollment, Program, ProgramPartner, SeminarSession
from rotation.selectors.access import programs_for_director

BENCHMARK_QUERIES = 8  # programs, partners, instruments, items, submitted, answers,
# comparison members, session ratings
KNOWLEDGE_QUERIES = 6  # the same without partners and session ratings
SIGNATURE_QUERIES = 4  # the cache key's; `benchmarking` reads the user's programs' ids too
KNOWLEDGE_SIGNATURE_QUERIES = 3  # the knowledge figures' (no partners, enrolment or ratings)
TIME_POINTS = (Administration.Kind.PRE, Administration.Kind.POST)
# What a cohort shows of its program (and so what the cache key holds of every program).
PROGRAM_COLUMNS = ("pk", "name", "slug", "academic_year", "format", "start_date", "end_date")
# What a cohort reads of each item (an ItemRow), and so what the cache key holds of every item.
ITEM_COLUMNS = (
    "pk",
    "kind",
    "text",
    "topic",
    "subscale",
    "is_reverse_scored",
    "scale_labels",
    "has_retrospective",
)
CACHE_TIMEOUT = 24 * 60 * 60  # a key names its data: an entry is never stale, only unused
T = TypeVar("T")


def programs_to_benchmark(*, user):
    """Staff compare every program; a course director the programs they direct."""
    return programs_for_director(user=user)


def cohort_inputs(*, programs, knowledge_only: bool = False) -> list[CohortInput]:
    """Every program's pre/post data and session ratings: `BENCHMARK_QUERIES` queries.
    `knowledge_only`: the knowledge items and their right answers alone, no partners, enrolment
    or ratings (`KNOWLEDGE_QUERIES` queries): what `analyse_knowledge` counts, same figures."""
    kinds = _kinds(knowledge_only)
    enrolled = Value(0) if knowledge_only else _enrolled(OuterRef("pk"))
    programs = list(
        programs.order_by("academic_year", "format", "name", "pk").values_list(
            *PROGRAM_COLUMNS, enrolled
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
        .values_list("instrument_id", *ITEM_COLUMNS)
    ):
        pk, kind, text, topic, subscale, reverse, labels, retro = row
        items[program_of[instrument_id]].append(
            ItemRow(pk, kind, text, topic, subscale, reverse, tuple(labels) or scale, retro)
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
    for program_id, learner_id in (
        ComparisonMember.objects.filter(program_id__in=ids)
        .order_by()  # a set of learners to course_data
        .values_list("program_id", "learner_id")
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
    for pk, name, slug, year, program_format, start_date, end_date, enrolled in programs:
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
            enrolled=enrolled,
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


def _kinds(knowledge_only: bool) -> list[str]:
    """The kinds of item the figures count (and so the kinds the signature holds)."""
    return [Item.Kind.KNOWLEDGE] if knowledge_only else [Item.Kind.KNOWLEDGE, Item.Kind.ATTITUDE]


def _labels() -> tuple[str, ...]:
    return tuple(Item(kind=Item.Kind.ATTITUDE).labels)


def benchmarking(*, user) -> Benchmarking:
    """The benchmarking of every program the user may compare: read, then analysed, unless
    the cache holds the analysis of the same data (1 + `SIGNATURE_QUERIES` queries)."""
    return derived_from_benchmarking(user=user, name="benchmarking", derive=_itself)


def derived_from_benchmarking(*, user, name: str, derive: Callable[[Benchmarking], T]) -> T:
    """`derive` of the user's benchmarking, cached as `name` beside it with the same key: what
    follows from the analysis alone (the web page's tables and charts) is then computed once
    for the same data, not on every request (1 + `SIGNATURE_QUERIES` queries when cached)."""
    programs = programs_to_benchmark(user=user)
    return cache.get_or_set(
        _key(name, programs.values_list("pk", flat=True)),
        lambda: derive(benchmark(cohort_inputs(programs=programs))),
        CACHE_TIMEOUT,
    )


def _itself(figures: Benchmarking) -> Benchmarking:
    return figures


def knowledge_by_program(*, program_ids) -> dict[int, Knowledge]:
    """The course evaluation's knowledge figures of each of these programs, by program id, read
    for every program at once (`KNOWLEDGE_QUERIES`) unless cached
    (`KNOWLEDGE_SIGNATURE_QUERIES`)."""

    def analysed() -> dict[int, Knowledge]:
        programs = Program.objects.filter(pk__in=program_ids)
        cohorts = cohort_inputs(programs=programs, knowledge_only=True)
        return {cohort.program_id: analyse_knowledge(cohort.data) for cohort in cohorts}

    key = _key("knowledge", program_ids, knowledge_only=True)
    return cache.get_or_set(key, analysed, CACHE_TIMEOUT)


def _enrolled(program) -> Coalesce:
    """The number of learners enrolled in `program` (an id or OuterRef), as a column."""
    counts = Enrollment.objects.filter(program=program, status=Enrollment.Status.ENROLLED)
    counted = counts.order_by().values("program").annotate(count=Count("pk"))
    return Coalesce(Subquery(counted.values("count")), 0)


def _key(name: str, program_ids, *, knowledge_only: bool = False) -> str:
    """The cache key of `name`'s analysis of these programs: their ids, the signature of the
    data (see the module's docstring; `knowledge_only`: of what `cohort_inputs` reads for the
    knowledge figures alone) and the code computing the figures (a deploy that changes a figure
    does not read what the earlier code cached). The rows are pickled to be digested: plain
    values as the database driver returns them, so the same rows give the same bytes (pickling
    takes 0.1 ms where `repr` took 0.25), and different rows different bytes."""
    data = pickle.dumps((sorted(program_ids), _signature(knowledge_only)), protocol=5)
    return f"reports:{name}:{_code_digest()}:{hashlib.sha256(data).hexdigest()}"


def _signature(knowledge_only: bool) -> list[list[tuple]]:
    """The rows of `_signature_queries`, as the database returns them."""
    rows = []
    with connection.cursor() as cursor:
        for sql, params in _signature_queries(knowledge_only):
            cursor.execute(sql, params)
            rows.append(cursor.fetchall())
    return rows


@functools.cache
def _signature_queries(knowledge_only: bool) -> tuple[tuple[str, tuple], ...]:
    """The SQL of the signature, compiled once per process: it is the same on every request,
    and the ORM builds and compiles its subqueries more slowly than the database runs them.
    `knowledge_only`: without the enrolment, partners and session ratings, which the knowledge
    figures do not read (`cohort_inputs`), one query and two scans fewer."""

    def count_and_sum(rows: QuerySet, **more) -> Subquery:
        """The rows' count, sum of ids and `more`, in one scan of the table (one JSON value:
        a subquery per figure would scan it once per figure)."""
        one = rows.order_by().annotate(_all=Value(1)).values("_all")  # every row, one group
        totals = JSONObject(count=Count("pk"), sum=Sum("pk"), **more)
        return Subquery(one.annotate(totals=totals).values("totals"))

    latest_session = SeminarSession.objects.order_by("-updated_at").values("updated_at")[:1]
    administered = Instrument.objects.filter(administrations__isnull=False)
    programs = Program.objects.order_by("pk").values_list(
        *PROGRAM_COLUMNS,
        "created_at",  # with the id: the same program of the same database
        # A draft submitted joins with its old id: the latest submission time tells.
        count_and_sum(
            Response.objects.filter(status=Response.Status.SUBMITTED),
            latest=Max("submitted_at"),
        ),
        count_and_sum(ComparisonMember.objects.all()),
        *(
            ()
            if knowledge_only
            else (
                _enrolled(OuterRef("pk")),
                count_and_sum(SessionEvaluation.objects.all()),
                Subquery(latest_session),
            )
        ),
    )
    partners = ProgramPartner.objects.order_by("pk").values_list(
        "pk", "program_id", "organization__name"
    )
    queries = (
        programs,
        *(() if knowledge_only else (partners,)),
        Administration.objects.order_by("pk").values_list(
            "pk",
            "kind",
            "instrument_id",
            "instrument__program_id",
            "instrument__is_current",
            "instrument__created_at",
            "instrument__title",
        ),
        Item.objects.filter(instrument__in=administered, kind__in=_kinds(knowledge_only))
        .order_by("pk")
        .values_list("instrument_id", "position", *ITEM_COLUMNS),
    )
    return tuple(query.query.sql_with_params() for query in queries)


@functools.cache
def _code_digest() -> str:
    """A digest of this module's source and of what computes what is cached: the analysis and
    statistics packages, and the charts and the tables' formatting (`rendering`) that pages
    derive from the analysis (`derived_from_benchmarking`)."""
    here = Path(__file__).parent
    sources = sorted(
        [
            *(
                path
                for folder in (Path(analysis.__file__).parent, Path(statistics.__file__).parent)
                for path in folder.glob("*.py")
            ),
            *(here / "charts").glob("*.py"),
            here / "rendering.py",
            here / "templatetags" / "report_format.py",
        ]
    )
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
