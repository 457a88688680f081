"""The rows `reports.selectors.course_rows` reads (`CourseRows`) turned into the plain arrays
the figures are computed from (`course_data`).

A learner is *matched* when both the pre and the post are submitted; paired statistics use
matched learners only; the retention curve (pre → post → follow-ups) uses only learners who
submitted every scheduled time point. Omitted knowledge items score as wrong; omitted
attitude items are left out of that item's figures (NaN). Any figure computed from fewer
than `MIN_CELL` learners is suppressed and says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import numpy as np

MIN_CELL = 5
SMALL_CELL_REASON = f"fewer than {MIN_CELL} learners"
RATING_LEVELS = ("1 (poor)", "2", "3", "4", "5 (excellent)")


# ---------------------------------------------------------------------------------------------
# Rows as read
# ---------------------------------------------------------------------------------------------


class ItemRow(NamedTuple):
    pk: int
    kind: str
    text: str
    topic: str
    subscale: str
    is_reverse_scored: bool
    labels: tuple[str, ...]
    has_retrospective: bool


class TeachingRow(NamedTuple):
    session_id: int
    faculty_member_id: int
    first_name: str
    last_name: str
    organization: str


@dataclass(frozen=True)
class CourseRows:
    """One program's stored responses and evaluations, as `reports.selectors.course_rows`
    reads them: primitives only, in the order each query returns them."""

    program_name: str
    program_slug: str
    academic_year: str
    start_date: date
    end_date: date
    instrument_title: str
    instrument_version: int | None
    windows: tuple[tuple[str, datetime, datetime], ...]  # kind, opens_at, closes_at
    items: tuple[ItemRow, ...]  # by position
    submitted: tuple[tuple[int, str], ...]  # learner id, administration kind
    answers: tuple[tuple[int, str, int, bool, int | None, int | None, bool | None, str], ...]
    # ^ of submitted responses: learner id, administration kind ("pre" or "post"), item id,
    # is retrospective, score, value, is correct, text. Plain tuples: 1,000 learners give
    # 50,000 answers, and a named tuple each doubled the CPU time of reading them (+80 ms).
    enrolled: int
    sessions: tuple[tuple[int, str, datetime], ...]  # pk, title, starts_at; not cancelled
    teaching: tuple[TeachingRow, ...]  # not declined, by session start and last name
    session_evaluations: tuple[tuple[int, int, int, int, str], ...]
    # ^ session id, overall, relevance, changed view, comment; by submission
    faculty_ratings: tuple[tuple[int, int], ...]  # faculty member id, effectiveness
    course_evaluations: tuple[tuple[int, str, str, str], ...]
    # ^ overall, most valuable, least valuable, topics to add; by submission
    time_points: tuple[tuple[str, str], ...] = ()
    # ^ administration kind and its name, as learners meet them: pre, post, follow-ups
    comparison: tuple[int, ...] = ()  # learner ids of the comparison group (not enrolled)
    demographics: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()
    # ^ per demographic question the program asks: its text, and (learner id, answer label)
    # for every learner who answered it other than "Prefer not to say"


# ---------------------------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInfo:
    pk: int
    number: int  # 1-based within its kind: "K3", "A2"
    kind: str
    text: str
    topic: str = ""
    subscale: str = ""
    is_reverse_scored: bool = False
    labels: tuple[str, ...] = ()
    has_retrospective: bool = False

    @property
    def code(self) -> str:
        prefixes = {"knowledge": "K", "attitude": "A", "behaviour": "B"}
        return prefixes.get(self.kind, "F") + str(self.number)

    @property
    def scale_max(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class SessionData:
    pk: int
    title: str
    starts_at: datetime
    faculty: tuple[str, ...]
    overall: tuple[int, ...]
    relevance: tuple[int, ...]
    changed_view: tuple[int, ...]
    comments: tuple[str, ...]


@dataclass(frozen=True)
class FacultyData:
    pk: int
    name: str
    organization: str
    sessions: tuple[str, ...]
    effectiveness: tuple[int, ...]


@dataclass(frozen=True)
class FollowUpData:
    """The time points of one instrument in order (pre, post, then the follow-ups scheduled)
    and the learners who submitted every one of them.

    `knowledge_correct` holds each such learner's number of knowledge items answered correctly
    (rows: learners, columns: time points), counts rather than percentages so that equal
    scores stay exactly equal for the rank tests. `behaviour` holds, per follow-up, the
    behaviour items' scores of everyone who submitted it (NaN where omitted)."""

    kinds: tuple[str, ...]
    labels: tuple[str, ...]
    submitted: tuple[int, ...]
    learner_ids: tuple[int, ...]
    knowledge_items: int
    knowledge_correct: np.ndarray
    behaviour_items: tuple[ItemInfo, ...]
    behaviour: tuple[np.ndarray, ...]  # one per follow-up (kinds[2:])

    @property
    def n(self) -> int:
        return len(self.learner_ids)


@dataclass(frozen=True)
class ComparisonData:
    """The comparison group's knowledge, in percent, of its members with both pre and post
    (rows in ascending learner id); the course's own figures stay in `CourseData`."""

    members: int
    pre_submitted: int
    post_submitted: int
    pre_percent: np.ndarray
    post_percent: np.ndarray

    @property
    def matched(self) -> int:
        return len(self.pre_percent)


@dataclass(frozen=True)
class CourseData:
    """Everything the course evaluation needs, as plain values. Learner rows are matched
    learners in ascending learner id; knowledge matrices hold 1/0, attitude matrices the
    reverse-adjusted score with NaN where the item was omitted (or not asked)."""

    program_name: str
    program_slug: str
    academic_year: str
    start_date: date
    end_date: date
    instrument_title: str
    instrument_version: int | None
    pre_window: Window | None
    post_window: Window | None
    enrolled: int
    pre_submitted: int
    post_submitted: int
    matched_learner_ids: tuple[int, ...]
    knowledge_items: tuple[ItemInfo, ...]
    attitude_items: tuple[ItemInfo, ...]
    knowledge_pre: np.ndarray
    knowledge_post: np.ndarray
    unmatched_pre_percent: np.ndarray
    attitude_pre: np.ndarray
    attitude_post: np.ndarray
    attitude_retro: np.ndarray
    attitude_pre_values: np.ndarray  # as answered (not reverse-adjusted), for level counts
    attitude_post_values: np.ndarray
    free_text: tuple[tuple[str, tuple[str, ...]], ...]
    sessions: tuple[SessionData, ...]
    faculty: tuple[FacultyData, ...]
    course_overall: tuple[int, ...]
    course_comments: tuple[tuple[str, tuple[str, ...]], ...]
    follow_up: FollowUpData | None = None  # None unless a follow-up is scheduled
    comparison: ComparisonData | None = None  # None without a comparison group
    demographics: tuple[tuple[str, dict[int, str]], ...] = ()  # see CourseRows.demographics

    @property
    def matched(self) -> int:
        return len(self.matched_learner_ids)

    @property
    def pre_percent(self) -> np.ndarray:
        return percent(self.knowledge_pre)

    @property
    def post_percent(self) -> np.ndarray:
        return percent(self.knowledge_post)


def percent(matrix: np.ndarray) -> np.ndarray:
    """Each row's share of 1s, in percent (zeros when there are no columns)."""
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0])
    return 100.0 * matrix.sum(axis=1) / matrix.shape[1]


def _numbered(items: tuple[ItemRow, ...]) -> dict[str, list[ItemInfo]]:
    counters: Counter = Counter()
    infos: dict[str, list[ItemInfo]] = defaultdict(list)
    for item in items:
        counters[item.kind] += 1
        infos[item.kind].append(
            ItemInfo(
                pk=item.pk,
                number=counters[item.kind],
                kind=item.kind,
                text=item.text,
                topic=item.topic,
                subscale=item.subscale,
                is_reverse_scored=item.is_reverse_scored,
                labels=item.labels,
                has_retrospective=item.has_retrospective,
            )
        )
    return infos


def course_data(rows: CourseRows) -> CourseData:
    """The arrays of `rows`: matched learners' answers as matrices, ratings and comments by
    session, faculty member and course."""
    comparison = set(rows.comparison)
    submitted: dict[str, set[int]] = defaultdict(set)
    compared: dict[str, set[int]] = defaultdict(set)
    for learner_id, kind in rows.submitted:
        (compared if learner_id in comparison else submitted)[kind].add(learner_id)
    matched = tuple(sorted(submitted["pre"] & submitted["post"]))
    unmatched_pre = sorted(submitted["pre"] - submitted["post"])

    infos = _numbered(rows.items)
    knowledge, attitude = infos["knowledge"], infos["attitude"]
    k_column = {info.pk: index for index, info in enumerate(knowledge)}
    a_column = {info.pk: index for index, info in enumerate(attitude)}
    text_items = {info.pk: info.text for info in infos["free_text"]}
    row = {learner_id: index for index, learner_id in enumerate(matched)}
    unmatched_row = {learner_id: index for index, learner_id in enumerate(unmatched_pre)}

    def zeros(count: int) -> np.ndarray:
        return np.zeros((count, len(knowledge)))

    def blank() -> np.ndarray:
        return np.full((len(matched), len(attitude)), np.nan)

    k_pre, k_post, k_unmatched = zeros(len(matched)), zeros(len(matched)), zeros(len(unmatched_pre))
    a_pre, a_post, a_retro, v_pre, v_post = blank(), blank(), blank(), blank(), blank()
    texts: dict[int, list[str]] = defaultdict(list)
    for learner_id, kind, item_id, retro, score, value, is_correct, text in rows.answers:
        if kind not in ("pre", "post") or learner_id in comparison:
            continue  # follow-ups: see _follow_up; the comparison group: _comparison
        if item_id in k_column:
            if not is_correct:
                continue
            if learner_id in row:
                (k_pre if kind == "pre" else k_post)[row[learner_id], k_column[item_id]] = 1
            elif kind == "pre" and learner_id in unmatched_row:
                k_unmatched[unmatched_row[learner_id], k_column[item_id]] = 1
        elif item_id in a_column and learner_id in row and score is not None:
            place = row[learner_id], a_column[item_id]
            if retro:
                a_retro[place] = score
            elif kind == "pre":
                a_pre[place], v_pre[place] = score, value
            else:
                a_post[place], v_post[place] = score, value
        elif item_id in text_items and text.strip():
            texts[item_id].append(text.strip())

    windows = {kind: Window(opens_at, closes_at) for kind, opens_at, closes_at in rows.windows}
    comment_headings = ("Most valuable", "Least valuable", "Topics to add")
    course = rows.course_evaluations
    return CourseData(
        program_name=rows.program_name,
        program_slug=rows.program_slug,
        academic_year=rows.academic_year,
        start_date=rows.start_date,
        end_date=rows.end_date,
        instrument_title=rows.instrument_title,
        instrument_version=rows.instrument_version,
        pre_window=windows.get("pre"),
        post_window=windows.get("post"),
        enrolled=rows.enrolled,
        pre_submitted=len(submitted["pre"]),
        post_submitted=len(submitted["post"]),
        matched_learner_ids=matched,
        knowledge_items=tuple(knowledge),
        attitude_items=tuple(attitude),
        knowledge_pre=k_pre,
        knowledge_post=k_post,
        unmatched_pre_percent=percent(k_unmatched),
        attitude_pre=a_pre,
        attitude_post=a_post,
        attitude_retro=a_retro,
        attitude_pre_values=v_pre,
        attitude_post_values=v_post,
        free_text=tuple(
            (text, tuple(texts[pk])) for pk, text in text_items.items() if texts.get(pk)
        ),
        sessions=_sessions(rows),
        faculty=_faculty(rows),
        course_overall=tuple(row[0] for row in course),
        course_comments=tuple(
            (heading, tuple(row[index + 1].strip() for row in course if row[index + 1].strip()))
            for index, heading in enumerate(comment_headings)
        ),
        follow_up=_follow_up(rows, submitted, knowledge, infos["behaviour"]),
        comparison=_comparison(rows, compared, knowledge) if comparison else None,
        demographics=tuple((question, dict(pairs)) for question, pairs in rows.demographics),
    )


def _comparison(
    rows: CourseRows, compared: dict[str, set[int]], knowledge: list[ItemInfo]
) -> ComparisonData:
    """Knowledge percent of the comparison group's members with both a pre and a post."""
    matched = sorted(compared["pre"] & compared["post"])
    row = {learner_id: index for index, learner_id in enumerate(matched)}
    column = {"pre": 0, "post": 1}
    knowledge_pks = {info.pk for info in knowledge}
    correct = np.zeros((len(matched), 2))
    for learner_id, kind, item_id, _retro, _score, _value, is_correct, _text in rows.answers:
        if is_correct and item_id in knowledge_pks and learner_id in row and kind in column:
            correct[row[learner_id], column[kind]] += 1
    scores = 100.0 * correct / len(knowledge) if knowledge else correct
    return ComparisonData(
        members=len(rows.comparison),
        pre_submitted=len(compared["pre"]),
        post_submitted=len(compared["post"]),
        pre_percent=scores[:, 0],
        post_percent=scores[:, 1],
    )


def _follow_up(
    rows: CourseRows,
    submitted: dict[str, set[int]],
    knowledge: list[ItemInfo],
    behaviour_items: list[ItemInfo],
) -> FollowUpData | None:
    """Knowledge counts of the learners with every time point, behaviour scores by follow-up."""
    kinds = tuple(kind for kind, _ in rows.time_points)
    if len(kinds) < 3 or kinds[:2] != ("pre", "post"):
        return None
    complete = sorted(set.intersection(*(submitted[kind] for kind in kinds)))
    row = {learner_id: index for index, learner_id in enumerate(complete)}
    column = {kind: index for index, kind in enumerate(kinds)}
    knowledge_pks = {info.pk for info in knowledge}
    b_column = {info.pk: index for index, info in enumerate(behaviour_items)}
    follow_ups = kinds[2:]
    b_rows = {
        kind: {lid: i for i, lid in enumerate(sorted(submitted[kind]))} for kind in follow_ups
    }
    correct = np.zeros((len(complete), len(kinds)))
    behaviour = {
        kind: np.full((len(b_rows[kind]), len(behaviour_items)), np.nan) for kind in follow_ups
    }
    for learner_id, kind, item_id, _retro, score, _value, is_correct, _text in rows.answers:
        if item_id in knowledge_pks:
            if is_correct and learner_id in row and kind in column:
                correct[row[learner_id], column[kind]] += 1
        elif item_id in b_column and kind in behaviour and score is not None:
            behaviour[kind][b_rows[kind][learner_id], b_column[item_id]] = score
    return FollowUpData(
        kinds=kinds,
        labels=tuple(label for _, label in rows.time_points),
        submitted=tuple(len(submitted[kind]) for kind in kinds),
        learner_ids=tuple(complete),
        knowledge_items=len(knowledge),
        knowledge_correct=correct,
        behaviour_items=tuple(behaviour_items),
        behaviour=tuple(behaviour[kind] for kind in follow_ups),
    )


def _sessions(rows: CourseRows) -> tuple[SessionData, ...]:
    """Sessions in order, with their faculty's names and their evaluations."""
    names_by_session: dict[int, list[str]] = defaultdict(list)
    for teaching in rows.teaching:
        names_by_session[teaching.session_id].append(f"{teaching.first_name} {teaching.last_name}")
    by_session: dict[int, list[tuple]] = defaultdict(list)
    for session_id, *values in rows.session_evaluations:
        by_session[session_id].append(values)
    return tuple(
        SessionData(
            pk=pk,
            title=title,
            starts_at=starts_at,
            faculty=tuple(names_by_session[pk]),
            overall=tuple(v[0] for v in by_session[pk]),
            relevance=tuple(v[1] for v in by_session[pk]),
            changed_view=tuple(v[2] for v in by_session[pk]),
            comments=tuple(v[3].strip() for v in by_session[pk] if v[3].strip()),
        )
        for pk, title, starts_at in rows.sessions
    )


def _faculty(rows: CourseRows) -> tuple[FacultyData, ...]:
    """Faculty members who taught, by last name, with their sessions and ratings."""
    titles = {pk: title for pk, title, _ in rows.sessions}
    people: dict[int, tuple[str, str]] = {}
    sessions_of: dict[int, list[str]] = defaultdict(list)
    for session_id, member_id, first, last, organization in rows.teaching:
        people[member_id] = (f"{first} {last}", organization)
        if session_id in titles:
            sessions_of[member_id].append(titles[session_id])
    effectiveness: dict[int, list[int]] = defaultdict(list)
    for member_id, score in rows.faculty_ratings:
        effectiveness[member_id].append(score)
    return tuple(
        sorted(
            (
                FacultyData(
                    pk=member_id,
                    name=name,
                    organization=organization,
                    sessions=tuple(sessions_of[member_id]),
                    effectiveness=tuple(effectiveness[member_id]),
                )
                for member_id, (name, organization) in people.items()
            ),
            key=lambda member: (member.name.split()[-1], member.name, member.pk),
        )
    )
