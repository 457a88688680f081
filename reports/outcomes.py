"""What learners gained in the sessions a partner taught or hosted: the pre/post change of the
programs and of the knowledge topics its sessions covered, the session ratings, and quotes from
learners' comments. Nothing is shown for fewer than `MIN_CELL` learners: a figure is suppressed,
and a session's comments are quoted only once it has that many evaluations."""

from __future__ import annotations

import functools
import re
from collections import defaultdict, namedtuple
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from assessments.models import SessionEvaluation
from config.queries import compiled_once
from partners.models import Organization
from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON
from reports.analysis.knowledge import Knowledge
from reports.analysis.ratings import RatingSummary, rating_summary
from reports.benchmarking import knowledge_by_program
from rotation.models import SeminarSession
from rotation.selectors.partners import confirmed_assignments

QUOTES = 8  # comments quoted at most
QUOTE_LENGTH = (20, 320)  # characters: long enough to say something, short enough to quote
NO_RATINGS = ((), (), ())  # a session's columns of ratings when it has no evaluations


@dataclass(frozen=True)
class TopicChange:
    topic: str
    items: int
    pre_mean: float
    post_mean: float

    @property
    def change(self) -> float:
        return self.post_mean - self.pre_mean


@dataclass(frozen=True)
class ProgramChange:
    program: str
    matched: int
    suppressed: str | None
    pre_mean: float | None
    post_mean: float | None
    topics: tuple[TopicChange, ...]  # the knowledge topics its sessions covered

    @property
    def change(self) -> float | None:
        return None if self.suppressed else self.post_mean - self.pre_mean


@dataclass(frozen=True)
class SessionOutcome:
    title: str
    program: str
    starts_at: datetime
    part: str  # "taught", "hosted" or "taught and hosted"
    overall: RatingSummary
    relevance: RatingSummary
    changed_view: RatingSummary


@dataclass(frozen=True)
class Quote:
    session: str
    text: str


@dataclass(frozen=True)
class PartnerOutcomes:
    organization: Organization
    programs: tuple[ProgramChange, ...]
    sessions: tuple[SessionOutcome, ...]
    overall: RatingSummary  # every evaluation of every session it taught or hosted
    quotes: tuple[Quote, ...]
    min_cell: int = MIN_CELL

    @property
    def headline(self) -> str:
        """One sentence for the summary page: the knowledge change, else the ratings."""
        shown = [p for p in self.programs if not p.suppressed]
        if shown:
            learners = sum(p.matched for p in shown)
            pre = sum(p.pre_mean * p.matched for p in shown) / learners
            post = sum(p.post_mean * p.matched for p in shown) / learners
            return (
                f"Learners' knowledge scores rose from {pre:.0f} % to {post:.0f} % "
                f"({learners} learners with both assessments)."
            )
        if not self.overall.suppressed:
            return (
                f"Learners rated its sessions {self.overall.mean:.1f} out of 5 "
                f"({self.overall.n} evaluations)."
            )
        return f"Too few answers to report outcomes ({SMALL_CELL_REASON})."


@functools.lru_cache(maxsize=1024)
def _words(text: str) -> frozenset[str]:
    """The words of a tag or title as they are compared (a page compares each topic tag with
    every title: the same few strings, split once)."""
    return frozenset(word[:5] for word in re.findall(r"[a-z]+", text.lower()) if len(word) > 2)


def covers_topic(tag: str, titles) -> bool:
    """A knowledge item's topic tag is covered by a session whose topic title has every word of
    the tag (compared on their first five letters: "measurement" meets "measure")."""
    wanted = _words(tag)
    return bool(wanted) and any(wanted <= _words(title) for title in titles)


def _program_change(program, titles, knowledge: Knowledge) -> ProgramChange:
    if knowledge.suppressed:
        return ProgramChange(str(program), knowledge.n, knowledge.suppressed, None, None, ())
    topics = tuple(
        TopicChange(row.topic, row.items, row.pre_mean, row.post_mean)
        for row in knowledge.topics
        if covers_topic(row.topic, titles)
    )
    return ProgramChange(
        str(program), knowledge.n, None, knowledge.pre.mean, knowledge.post.mean, topics
    )


def partner_outcomes(
    *, organization: Organization, programs, quotes: bool = True
) -> PartnerOutcomes:
    """Outcomes of the sessions `organization` taught (its confirmed faculty) or hosted (its
    rooms) in `programs`, those held so far: 2 queries, and for the knowledge change of the
    programs it took part in, benchmarking's knowledge figures (the course evaluation's, read
    for every program at once, cached on what they read): 3 queries whatever the number of
    programs, and 6 more when the data changed. Without `quotes` (the web page shows none),
    learners' comments are not read."""
    programs = list(programs)
    # Every published session of the programs is read, and those still to come or that the
    # organization took no part in are dropped here: a program has tens of sessions, and a
    # second EXISTS in the WHERE costs more to build.
    now = timezone.now()
    rows = _published_session_rows([program.pk for program in programs], organization.pk)
    sessions = [
        session
        for session in map(_SessionRow._make, rows)
        # a session still to come has no outcomes yet
        if session.starts_at <= now and (session.is_taught or session.host_id == organization.pk)
    ]
    names = {program.pk: str(program) for program in programs}
    ratings, comments = _evaluations_by_session(
        [session.pk for session in sessions], comments=quotes
    )
    rows = []
    quoted: dict[str, str] = {}  # a comment -> the (last) session it was made on
    for session in sessions:
        overall, relevance, changed_view = ratings.get(session.pk, NO_RATINGS)
        hosted = session.host_id == organization.pk
        part = " and ".join(
            word for word, yes in (("taught", session.is_taught), ("hosted", hosted)) if yes
        )
        rows.append(
            SessionOutcome(
                title=session.title,
                program=names[session.program_id],
                starts_at=session.starts_at,
                part=part,
                overall=rating_summary(overall),
                relevance=rating_summary(relevance),
                changed_view=rating_summary(changed_view),
            )
        )
        if len(overall) >= MIN_CELL:
            for comment in comments.get(session.pk, ()):
                text = comment.strip()
                if QUOTE_LENGTH[0] <= len(text) <= QUOTE_LENGTH[1]:
                    quoted[text] = session.title
    titles_by_program = defaultdict(set)
    for session in sessions:
        titles_by_program[session.program_id].add(session.title)
        if session.topic_title is not None:
            titles_by_program[session.program_id].add(session.topic_title)
    involved = [program for program in programs if titles_by_program[program.pk]]
    knowledge = knowledge_by_program(program_ids=[program.pk for program in involved])
    return PartnerOutcomes(
        organization=organization,
        programs=tuple(
            _program_change(program, titles_by_program[program.pk], knowledge[program.pk])
            for program in involved
        ),
        sessions=tuple(rows),
        overall=rating_summary(list(chain.from_iterable(each[0] for each in ratings.values()))),
        quotes=_spread([Quote(title, text) for text, title in quoted.items()], QUOTES),
    )


SESSION_COLUMNS = ("pk", "title", "program_id", "starts_at", "is_taught", "host_id", "topic_title")
_SessionRow = namedtuple("_SessionRow", SESSION_COLUMNS)


@compiled_once
def _published_session_rows(program_ids, organization_id) -> QuerySet[SeminarSession]:
    """The programs' published sessions by start, each with whether the organization's
    confirmed faculty taught it, its host and its topic's title."""
    taught = confirmed_assignments(
        session_id=OuterRef("pk"), faculty_member__organization_id=organization_id
    )
    return (
        SeminarSession.objects.filter(
            program_id__in=program_ids, status=SeminarSession.Status.PUBLISHED
        )
        .annotate(
            is_taught=Exists(taught),
            host_id=F("room__site__organization_id"),
            topic_title=F("topic__title"),
        )
        .order_by("starts_at", "pk")
        .values_list(*SESSION_COLUMNS)
    )


_RATING_COLUMNS = ("session_id", "overall", "relevance", "changed_view")


@compiled_once
def _ratings(session_ids) -> QuerySet[SessionEvaluation]:
    return (
        SessionEvaluation.objects.filter(session__in=session_ids)
        .order_by()
        .values_list(*_RATING_COLUMNS)
    )


@compiled_once
def _ratings_with_comments(session_ids) -> QuerySet[SessionEvaluation]:
    return (
        SessionEvaluation.objects.filter(session__in=session_ids)
        .order_by("submitted_at", "pk")
        .values_list(*_RATING_COLUMNS, "comment")
    )


def _evaluations_by_session(
    session_ids: list[int], *, comments: bool
) -> tuple[dict[int, tuple[tuple, ...]], dict[int, tuple[str, ...]]]:
    """Each session's ratings as columns (overall, relevance, changed view) and, with
    `comments`, its comments in the order they were submitted (the order quotes are taken in;
    without, none, and the ratings in any order): 1 query."""
    evaluations = (_ratings_with_comments if comments else _ratings)(session_ids)
    rows = defaultdict(list)
    for row in evaluations:
        rows[row[0]].append(row)
    columns = {session_id: tuple(zip(*mine, strict=True)) for session_id, mine in rows.items()}
    ratings = {session_id: each[1:4] for session_id, each in columns.items()}
    return ratings, {session_id: each[4] for session_id, each in columns.items() if comments}


def _spread(quotes: list[Quote], limit: int) -> tuple[Quote, ...]:
    """At most `limit` quotes, taken evenly from the list so that no one session fills it."""
    if len(quotes) <= limit:
        return tuple(quotes)
    step = len(quotes) / limit
    return tuple(quotes[int(index * step)] for index in range(limit))
