"""Reads for benchmarking across years and programs: the programs a user may compare, and
their pre/post responses and session ratings as rows for `reports.analysis.benchmarking`.

The reads take a constant number of queries whatever the number of programs and learners
(`BENCHMARK_QUERIES`): each kind of row comes back for every program at once. The analyses
(`benchmarking`, `knowledge_by_program`) are cached, keyed on everything they read, so that any
change shows on the next request: the programs, partners, instruments and items themselves
(few rows, read on every request), and, per program, the number and the sum of the ids of its
submitted responses, comparison members and session evaluations (too many rows to read each
time). Those rows are only ever added or taken away, never changed (a submitted response and
its answers are immutable, the admin shows them read-only), and ids only grow: rows added
have ids above every id taken away, so any change alters the count or the sum.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat

from assessments.models import (
    Administration,
    Answer,
    ComparisonMember,
    Item,
    Response,
    SessionEvaluation,
)
from reports import analysis, statistics
from reports.analysis.benchmarking import Benchmarking, CohortInput, benchmark
from reports.analysis.data import CourseRows, ItemRow, course_data
from reports.analysis.knowledge import Knowledge, analyse_knowledge
from reports.selectors import ANSWER_COLUMNS, report_instruments
from rotation.models import Enrollment, Program, ProgramPartner
from rotation.selectors.access import programs_for_director

BENCHMARK_QUERIES = 8  # programs, partners, instruments, items, then on a cache miss:
# submitted, answers, comparison members, session ratings
BENCHMARK_CACHED_QUERIES = 4  # the first four: what the cache key is made of
KNOWLEDGE_QUERIES = 6  # the same without partners and session ratings
KNOWLEDGE_CACHED_QUERIES = 3
TIME_POINTS = (Administration.Kind.PRE, Administration.Kind.POST)
CACHE_TIMEOUT = 24 * 60 * 60  # a key names its data: an entry is never stale, only unused


def programs_to_benchmark(*, user):
    """Staff compare every program; a course director the programs they direct."""
    return programs_for_director(user=user)


@dataclass(frozen=True)
class _Reads:
    """What the analyses read that is small enough to read on every request, with the
    fingerprints of the rest: together, the cache key."""

    knowledge_only: bool
    programs: list[tuple]  # pk, name, slug, year, format, start, end, enrolled, fingerprints…
    partners: dict[int, list[str]]
    instruments: dict[int, tuple[int, str]]  # program id -> report instrument's id and title
    items: dict[int, list[ItemRow]]  # by program id


def _count_and_sum(rows: QuerySet) -> Subquery:
    """The number of `rows` and the sum of their ids ("12:3456"), a column of the program
    (`rows` refer to it by OuterRef): one pass over them."""
    grouped = rows.order_by().annotate(_all=Value(1)).values("_all")  # a single group
    text = CharField()
    summary = Concat(Cast(Count("pk"), text), Value(":"), Cast(Sum("pk"), text), output_field=text)
    return Subquery(grouped.annotate(summary=summary).values("summary"))


def _reads(*, programs, knowledge_only: bool) -> _Reads:
    """Programs (with their enrolled counts and fingerprints), partners, report instruments
    and their items: 4 queries, 3 when `knowledge_only`."""
    program = OuterRef("pk")
    counted = {  # see the module's docstring: rows added or taken away, never changed
        "responses": Response.objects.filter(
            administration__instrument__program=program,
            administration__kind__in=TIME_POINTS,
            status=Response.Status.SUBMITTED,
        ),
        "comparison": ComparisonMember.objects.filter(program=program),
    }
    enrolled = Value(0)
    if not knowledge_only:
        counted["ratings"] = SessionEvaluation.objects.filter(session__program=program)
        enrolled = Coalesce(
            Subquery(
                Enrollment.objects.filter(program=program, status=Enrollment.Status.ENROLLED)
                .order_by()
                .values("program")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
    fingerprints = [_count_and_sum(rows) for rows in counted.values()]
    rows = list(
        programs.order_by("academic_year", "format", "name", "pk").values_list(
            "pk",
            "name",
            "slug",
            "academic_year",
            "format",
            "start_date",
            "end_date",
            enrolled,
            "created_at",  # with the id, the same program in the same database
            *fingerprints,
        )
    )
    ids = [row[0] for row in rows]
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
        Item.objects.filter(instrument_id__in=program_of, kind__in=_kinds(knowledge_only))
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
    return _Reads(knowledge_only, rows, partners, instruments, items)


def _kinds(knowledge_only: bool) -> list[str]:
    return [Item.Kind.KNOWLEDGE] if knowledge_only else [Item.Kind.KNOWLEDGE, Item.Kind.ATTITUDE]


def _key(name: str, reads: _Reads) -> str:
    """The cache key of an analysis of `reads`: every value read (the ids with the programs'
    creation times: the same rows of the same database), and the code computing the figures
    (a deploy that changes a figure does not read what the earlier code cached)."""
    read = repr((reads.knowledge_only, reads.programs, reads.partners, reads.instruments))
    digest = hashlib.sha256(f"{_code_digest()}{read}{reads.items!r}".encode()).hexdigest()
    return f"reports:{name}:{digest}"


@functools.cache
def _code_digest() -> str:
    """A digest of this module and of the analysis and statistics packages' source."""
    sources = sorted(
        path
        for folder in (Path(analysis.__file__).parent, Path(statistics.__file__).parent)
        for path in folder.glob("*.py")
    )
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cohort_inputs(*, programs, knowledge_only: bool = False) -> list[CohortInput]:
    """Every program's pre/post data and session ratings: `BENCHMARK_QUERIES` queries.
    `knowledge_only`: the knowledge items and their right answers alone, no partners, enrolment
    or ratings (`KNOWLEDGE_QUERIES` queries): what `analyse_knowledge` counts, same figures."""
    return _cohort_inputs(_reads(programs=programs, knowledge_only=knowledge_only))


def _cohort_inputs(reads: _Reads) -> list[CohortInput]:
    """The rest of `cohort_inputs` once the small reads are in: 4 queries (3 knowledge only)."""
    knowledge_only, instruments = reads.knowledge_only, reads.instruments
    ids = [row[0] for row in reads.programs]
    program_of = {pk: program_id for program_id, (pk, _) in instruments.items()}
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
            item__kind__in=_kinds(knowledge_only),
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
    for pk, name, slug, year, program_format, start_date, end_date, enrolled, *_ in reads.programs:
        rows = CourseRows(
            program_name=name,
            program_slug=slug,
            academic_year=year,
            start_date=start_date,
            end_date=end_date,
            instrument_title=instruments.get(pk, (None, ""))[1],
            instrument_version=None,
            windows=(),
            items=tuple(reads.items[pk]),
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
                partners=tuple(reads.partners[pk]),
                data=course_data(rows),
                session_overall=tuple(ratings[pk]),
            )
        )
    return inputs


def _labels() -> tuple[str, ...]:
    return tuple(Item(kind=Item.Kind.ATTITUDE).labels)


def benchmarking(*, user) -> Benchmarking:
    """The benchmarking of every program the user may compare: read, then analysed, unless
    the cache holds the analysis of the same reads (`BENCHMARK_CACHED_QUERIES` queries)."""
    reads = _reads(programs=programs_to_benchmark(user=user), knowledge_only=False)
    return cache.get_or_set(
        _key("benchmarking", reads), lambda: benchmark(_cohort_inputs(reads)), CACHE_TIMEOUT
    )


def knowledge_by_program(*, programs) -> dict[int, Knowledge]:
    """The course evaluation's knowledge figures of each of `programs`, by program id, read for
    every program at once (`KNOWLEDGE_QUERIES`, `KNOWLEDGE_CACHED_QUERIES` when cached)."""
    reads = _reads(programs=programs, knowledge_only=True)

    def analysed() -> dict[int, Knowledge]:
        return {
            cohort.program_id: analyse_knowledge(cohort.data) for cohort in _cohort_inputs(reads)
        }

    return cache.get_or_set(_key("knowledge", reads), analysed, CACHE_TIMEOUT)
