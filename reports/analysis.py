"""A program's stored responses and evaluations turned into plain arrays (`collect`), and the
course evaluation's figures computed from them (`analyse`).

`collect` runs a constant number of queries whatever the number of learners: every answer of
the pre and post comes back in one query as tuples. `analyse` touches no database.
A learner is *matched* when both the pre and the post are submitted; paired statistics use
matched learners only. Omitted knowledge items score as wrong; omitted attitude items are left
out of that item's figures. Any figure computed from fewer than `MIN_CELL` learners is
suppressed and says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import numpy as np

from reports import statistics as st

MIN_CELL = 5
SMALL_CELL_REASON = f"fewer than {MIN_CELL} learners"
RATING_LEVELS = ("1 (poor)", "2", "3", "4", "5 (excellent)")
FACILITY_CEILING = 0.9  # items answered right by more than this share on the pre are flagged


# ---------------------------------------------------------------------------------------------
# Collected data
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
        return {"knowledge": "K", "attitude": "A"}.get(self.kind, "F") + str(self.number)

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

    @property
    def matched(self) -> int:
        return len(self.matched_learner_ids)

    @property
    def pre_percent(self) -> np.ndarray:
        return _percent(self.knowledge_pre)

    @property
    def post_percent(self) -> np.ndarray:
        return _percent(self.knowledge_post)


def _percent(matrix: np.ndarray) -> np.ndarray:
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0])
    return 100.0 * matrix.sum(axis=1) / matrix.shape[1]


def report_instrument(program):
    """The instrument the course evaluation is about: the program's current instrument with a
    post-assessment (else with a pre), most recent first; None when there is none."""
    from assessments.models import Instrument

    return (
        Instrument.objects.filter(program=program, administrations__isnull=False)
        .order_by("-is_current", "administrations__kind", "-created_at", "-pk")
        .first()
    )


def collect(*, program, instrument=None) -> CourseData:
    """Read the program's assessments and evaluations: 11 queries (7 without an instrument)."""
    from assessments.models import (
        Administration,
        Answer,
        CourseEvaluation,
        FacultyRating,
        Item,
        Response,
        SessionEvaluation,
    )
    from rotation.models import Enrollment, SeminarSession, SessionFaculty

    if instrument is None:
        instrument = report_instrument(program)
    windows: dict[str, Window] = {}
    items: list = []
    responses: list = []
    answers: list = []
    if instrument is not None:
        for kind, opens_at, closes_at in Administration.objects.filter(
            instrument=instrument
        ).values_list("kind", "opens_at", "closes_at"):
            windows[kind] = Window(opens_at, closes_at)
        items = list(Item.objects.filter(instrument=instrument).order_by("position", "pk"))
        responses = list(
            Response.objects.filter(
                administration__instrument=instrument, status=Response.Status.SUBMITTED
            ).values_list("learner_id", "administration__kind")
        )
        answers = list(
            Answer.objects.filter(
                response__administration__instrument=instrument,
                response__status=Response.Status.SUBMITTED,
            ).values_list(
                "response__learner_id",
                "response__administration__kind",
                "item_id",
                "is_retrospective",
                "score",
                "value",
                "is_correct",
                "text",
            )
        )
    enrolled = Enrollment.objects.filter(program=program, status=Enrollment.Status.ENROLLED).count()

    submitted: dict[str, set[int]] = {"pre": set(), "post": set()}
    for learner_id, kind in responses:
        submitted[kind].add(learner_id)
    matched = tuple(sorted(submitted["pre"] & submitted["post"]))
    unmatched_pre = sorted(submitted["pre"] - submitted["post"])

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
                labels=tuple(item.labels),
                has_retrospective=item.has_retrospective,
            )
        )
    knowledge, attitude = infos["knowledge"], infos["attitude"]
    k_column = {info.pk: index for index, info in enumerate(knowledge)}
    a_column = {info.pk: index for index, info in enumerate(attitude)}
    text_items = {info.pk: info.text for info in infos["free_text"]}
    row = {learner_id: index for index, learner_id in enumerate(matched)}
    unmatched_row = {learner_id: index for index, learner_id in enumerate(unmatched_pre)}

    def zeros(rows: int) -> np.ndarray:
        return np.zeros((rows, len(knowledge)))

    def blank() -> np.ndarray:
        return np.full((len(matched), len(attitude)), np.nan)

    k_pre, k_post, k_unmatched = zeros(len(matched)), zeros(len(matched)), zeros(len(unmatched_pre))
    a_pre, a_post, a_retro, v_pre, v_post = blank(), blank(), blank(), blank(), blank()
    texts: dict[int, list[str]] = defaultdict(list)
    for learner_id, kind, item_id, retro, score, value, is_correct, text in answers:
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

    sessions, faculty = _collect_sessions(
        program, SeminarSession, SessionFaculty, SessionEvaluation, FacultyRating
    )
    course = list(
        CourseEvaluation.objects.filter(program=program)
        .order_by("submitted_at", "pk")
        .values_list("overall", "most_valuable", "least_valuable", "topics_to_add")
    )
    comment_headings = ("Most valuable", "Least valuable", "Topics to add")
    return CourseData(
        program_name=program.name,
        program_slug=program.slug,
        academic_year=program.academic_year,
        start_date=program.start_date,
        end_date=program.end_date,
        instrument_title=instrument.title if instrument else "",
        instrument_version=instrument.version if instrument else None,
        pre_window=windows.get("pre"),
        post_window=windows.get("post"),
        enrolled=enrolled,
        pre_submitted=len(submitted["pre"]),
        post_submitted=len(submitted["post"]),
        matched_learner_ids=matched,
        knowledge_items=tuple(knowledge),
        attitude_items=tuple(attitude),
        knowledge_pre=k_pre,
        knowledge_post=k_post,
        unmatched_pre_percent=_percent(k_unmatched),
        attitude_pre=a_pre,
        attitude_post=a_post,
        attitude_retro=a_retro,
        attitude_pre_values=v_pre,
        attitude_post_values=v_post,
        free_text=tuple(
            (text, tuple(texts[pk])) for pk, text in text_items.items() if texts.get(pk)
        ),
        sessions=sessions,
        faculty=faculty,
        course_overall=tuple(row[0] for row in course),
        course_comments=tuple(
            (heading, tuple(row[index + 1].strip() for row in course if row[index + 1].strip()))
            for index, heading in enumerate(comment_headings)
        ),
    )


def _collect_sessions(program, SeminarSession, SessionFaculty, SessionEvaluation, FacultyRating):
    """Sessions with their faculty, evaluations and faculty ratings: 4 queries."""
    session_rows = list(
        SeminarSession.objects.filter(program=program)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at")
    )
    teaching = list(
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
    evaluations = list(
        SessionEvaluation.objects.filter(session__program=program)
        .order_by("submitted_at", "pk")
        .values_list("session_id", "overall", "relevance", "changed_view", "comment")
    )
    ratings = list(
        FacultyRating.objects.filter(evaluation__session__program=program)
        .order_by("pk")
        .values_list("faculty_member_id", "effectiveness")
    )
    titles = {pk: title for pk, title, _ in session_rows}
    names_by_session: dict[int, list[str]] = defaultdict(list)
    people: dict[int, tuple[str, str]] = {}
    sessions_of: dict[int, list[str]] = defaultdict(list)
    for session_id, member_id, first, last, organization in teaching:
        names_by_session[session_id].append(f"{first} {last}")
        people[member_id] = (f"{first} {last}", organization)
        if session_id in titles:
            sessions_of[member_id].append(titles[session_id])
    by_session: dict[int, list[tuple]] = defaultdict(list)
    for session_id, *values in evaluations:
        by_session[session_id].append(values)
    sessions = tuple(
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
        for pk, title, starts_at in session_rows
    )
    effectiveness: dict[int, list[int]] = defaultdict(list)
    for member_id, score in ratings:
        effectiveness[member_id].append(score)
    faculty = tuple(
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
    return sessions, faculty


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnowledgeItemRow:
    item: ItemInfo
    facility_pre: float | None
    facility_post: float | None
    mcnemar: st.McNemar | None
    p_value: float | None  # the McNemar p shown: exact when b + c < 25
    p_holm: float | None
    discrimination_pre: float | None
    discrimination_post: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class TopicRow:
    topic: str
    items: int
    pre_mean: float | None
    post_mean: float | None
    t: st.PairedT | None


@dataclass(frozen=True)
class Knowledge:
    n: int
    items: int
    suppressed: str | None
    pre: st.Description | None
    post: st.Description | None
    change: st.Description | None
    t: st.PairedT | None
    wilcoxon: st.Wilcoxon | None
    dz: st.EffectSize | None
    gain: st.NormalizedGain | None
    kr20_pre: st.Reliability | None
    kr20_post: st.Reliability | None
    rose: int
    same: int
    fell: int
    unmatched_pre: st.Description | None
    unmatched_suppressed: str | None
    rows: tuple[KnowledgeItemRow, ...]
    topics: tuple[TopicRow, ...]

    @property
    def flagged(self) -> tuple[KnowledgeItemRow, ...]:
        return tuple(row for row in self.rows if row.flags)


@dataclass(frozen=True)
class AttitudeRow:
    item: ItemInfo
    counts_pre: tuple[int, ...]
    counts_post: tuple[int, ...]
    pre: st.Description | None
    post: st.Description | None
    agree_pre: st.Proportion | None
    agree_post: st.Proportion | None
    wilcoxon: st.Wilcoxon | None
    p_holm: float | None
    retro: st.Description | None
    retro_wilcoxon: st.Wilcoxon | None


@dataclass(frozen=True)
class SubscaleRow:
    name: str
    items: int
    n: int
    pre_mean: float | None
    post_mean: float | None
    alpha_pre: st.Reliability | None
    alpha_post: st.Reliability | None
    t: st.PairedT | None


@dataclass(frozen=True)
class Attitudes:
    n: int
    suppressed: str | None
    rows: tuple[AttitudeRow, ...]
    subscales: tuple[SubscaleRow, ...]
    has_retrospective: bool


@dataclass(frozen=True)
class RatingSummary:
    n: int
    suppressed: str | None
    mean: float | None
    sd: float | None
    counts: tuple[int, ...]


@dataclass(frozen=True)
class SessionRow:
    session: SessionData
    overall: RatingSummary
    relevance: RatingSummary
    changed_view: RatingSummary


@dataclass(frozen=True)
class FacultyRow:
    member: FacultyData
    effectiveness: RatingSummary


@dataclass(frozen=True)
class CourseReport:
    data: CourseData
    knowledge: Knowledge
    attitudes: Attitudes
    sessions: tuple[SessionRow, ...]
    faculty: tuple[FacultyRow, ...]
    course: RatingSummary
    summary: tuple[str, ...] = field(default=())


def rating_summary(values, levels: int = 5) -> RatingSummary:
    counts = Counter(values)
    n = len(values)
    if n < MIN_CELL:
        return RatingSummary(n, SMALL_CELL_REASON if n else "no ratings", None, None, ())
    described = st.describe(values)
    return RatingSummary(
        n, None, described.mean, described.sd, tuple(counts[v] for v in range(1, levels + 1))
    )


def _knowledge(data: CourseData) -> Knowledge:
    n, items = data.matched, len(data.knowledge_items)
    unmatched = data.unmatched_pre_percent
    unmatched_suppressed = SMALL_CELL_REASON if len(unmatched) < MIN_CELL else None
    unmatched_pre = None if unmatched_suppressed else st.describe(unmatched)
    suppressed = (
        "no knowledge items"
        if not items
        else f"{SMALL_CELL_REASON} completed both the pre and the post"
        if n < MIN_CELL
        else None
    )
    if suppressed:
        return Knowledge(
            n, items, suppressed, *([None] * 9), 0, 0, 0, unmatched_pre, unmatched_suppressed,
            (), (),
        )  # fmt: skip
    pre, post = data.pre_percent, data.post_percent
    pre_matrix, post_matrix = data.knowledge_pre, data.knowledge_post
    facility_pre = st.item_facility(pre_matrix).values
    facility_post = st.item_facility(post_matrix).values
    discrimination_pre = st.item_discrimination(pre_matrix).values
    discrimination_post = st.item_discrimination(post_matrix).values
    tests = [
        st.mcnemar(pre_matrix[:, index].astype(bool), post_matrix[:, index].astype(bool))
        for index in range(items)
    ]
    shown = [
        None
        if not test.is_computable
        else test.exact_p_value
        if test.prefers_exact
        else test.p_value
        for test in tests
    ]
    adjusted = st.holm(shown)
    rows = []
    for index, info in enumerate(data.knowledge_items):
        flags = []
        if facility_pre[index] is not None and facility_pre[index] > FACILITY_CEILING:
            flags.append("easy on the pre")
        if any(
            value is not None and value < 0
            for value in (discrimination_pre[index], discrimination_post[index])
        ):
            flags.append("negative discrimination")
        rows.append(
            KnowledgeItemRow(
                info,
                facility_pre[index],
                facility_post[index],
                tests[index],
                shown[index],
                adjusted[index],
                discrimination_pre[index],
                discrimination_post[index],
                tuple(flags),
            )
        )
    topics = []
    for topic in dict.fromkeys(info.topic or "Untagged" for info in data.knowledge_items):
        columns = [
            index
            for index, info in enumerate(data.knowledge_items)
            if (info.topic or "Untagged") == topic
        ]
        topic_pre = _percent(pre_matrix[:, columns])
        topic_post = _percent(post_matrix[:, columns])
        topics.append(
            TopicRow(
                topic,
                len(columns),
                float(topic_pre.mean()),
                float(topic_post.mean()),
                st.paired_t(topic_pre, topic_post),
            )
        )
    change = post - pre
    return Knowledge(
        n=n,
        items=items,
        suppressed=None,
        pre=st.describe(pre),
        post=st.describe(post),
        change=st.describe(change),
        t=st.paired_t(pre, post),
        # Item counts, not percentages: 100·s/k floats break the ties of equal gains.
        wilcoxon=st.wilcoxon_signed_rank(pre_matrix.sum(axis=1), post_matrix.sum(axis=1)),
        dz=st.cohens_dz(pre, post),
        gain=st.hake_gain(float(pre.mean()), float(post.mean())),
        kr20_pre=st.kr20(pre_matrix),
        kr20_post=st.kr20(post_matrix),
        rose=int((change > 0).sum()),
        same=int((change == 0).sum()),
        fell=int((change < 0).sum()),
        unmatched_pre=unmatched_pre,
        unmatched_suppressed=unmatched_suppressed,
        rows=tuple(rows),
        topics=tuple(topics),
    )


def _level_counts(values: np.ndarray, levels: int) -> tuple[int, ...]:
    present = values[~np.isnan(values)].astype(int)
    return tuple(int((present == level).sum()) for level in range(1, levels + 1))


def _agreeing(values: np.ndarray, levels: int) -> st.Proportion | None:
    """Share choosing one of the agreeing levels (above the midpoint) of the statement as
    worded; None below the small-cell limit."""
    present = values[~np.isnan(values)]
    if len(present) < MIN_CELL:
        return None
    return st.wilson_interval(int((present > (levels + 1) / 2).sum()), len(present))


def _attitudes(data: CourseData) -> Attitudes:
    n = data.matched
    has_retro = bool(np.any(~np.isnan(data.attitude_retro)))
    if not data.attitude_items or n < MIN_CELL:
        reason = "no attitude items" if not data.attitude_items else SMALL_CELL_REASON
        return Attitudes(n, reason, (), (), has_retro)
    rows, tests = [], []
    for index, info in enumerate(data.attitude_items):
        pre, post = data.attitude_pre[:, index], data.attitude_post[:, index]
        retro = data.attitude_retro[:, index]
        both = ~np.isnan(pre) & ~np.isnan(post)
        wilcoxon = (
            st.wilcoxon_signed_rank(pre[both], post[both]) if both.sum() >= MIN_CELL else None
        )
        with_retro = ~np.isnan(retro) & ~np.isnan(post)
        retro_wilcoxon = (
            st.wilcoxon_signed_rank(retro[with_retro], post[with_retro])
            if with_retro.sum() >= MIN_CELL
            else None
        )
        tests.append(wilcoxon.p_value if wilcoxon else None)
        levels = info.scale_max
        rows.append(
            AttitudeRow(
                item=info,
                counts_pre=_level_counts(data.attitude_pre_values[:, index], levels),
                counts_post=_level_counts(data.attitude_post_values[:, index], levels),
                pre=_describe_present(pre),
                post=_describe_present(post),
                agree_pre=_agreeing(data.attitude_pre_values[:, index], levels),
                agree_post=_agreeing(data.attitude_post_values[:, index], levels),
                wilcoxon=wilcoxon,
                retro=_describe_present(retro),
                retro_wilcoxon=retro_wilcoxon,
                p_holm=None,
            )
        )
    adjusted = st.holm(tests)
    rows = tuple(replace(row, p_holm=p) for row, p in zip(rows, adjusted, strict=True))
    subscales = []
    for name in dict.fromkeys(info.subscale or "All statements" for info in data.attitude_items):
        columns = [
            index
            for index, info in enumerate(data.attitude_items)
            if (info.subscale or "All statements") == name
        ]
        pre, post = data.attitude_pre[:, columns], data.attitude_post[:, columns]
        complete = ~np.isnan(pre).any(axis=1) & ~np.isnan(post).any(axis=1)
        pre, post = pre[complete], post[complete]
        count = int(complete.sum())
        if count < MIN_CELL:
            subscales.append(SubscaleRow(name, len(columns), count, None, None, None, None, None))
            continue
        pre_means, post_means = pre.mean(axis=1), post.mean(axis=1)
        subscales.append(
            SubscaleRow(
                name,
                len(columns),
                count,
                float(pre_means.mean()),
                float(post_means.mean()),
                st.cronbach_alpha(pre),
                st.cronbach_alpha(post),
                st.paired_t(pre_means, post_means),
            )
        )
    return Attitudes(n, None, rows, tuple(subscales), has_retro)


def _describe_present(values: np.ndarray) -> st.Description | None:
    present = values[~np.isnan(values)]
    return st.describe(present) if len(present) >= MIN_CELL else None


def _summary(data: CourseData, knowledge: Knowledge, attitudes: Attitudes, course) -> list[str]:
    lines = [
        f"{data.enrolled} residents were enrolled; {data.pre_submitted} submitted the "
        f"pre-assessment, {data.post_submitted} the post-assessment, and {data.matched} "
        "submitted both (matched)."
    ]
    if knowledge.suppressed:
        lines.append(f"Knowledge change is not reported: {knowledge.suppressed}.")
    else:
        effect = st.format_paired_t(knowledge.t, knowledge.dz, digits=1)
        lines.append(
            f"Mean knowledge rose from {knowledge.pre.mean:.0f} % to {knowledge.post.mean:.0f} % "
            f"({effect}); {knowledge.rose} of {knowledge.n} matched learners improved."
            if knowledge.post.mean > knowledge.pre.mean
            else f"Mean knowledge went from {knowledge.pre.mean:.0f} % to "
            f"{knowledge.post.mean:.0f} % ({effect})."
        )
        if knowledge.gain.is_computable:
            lines.append(f"The class-average normalized gain was {knowledge.gain.gain:.2f}.")
    if not attitudes.suppressed:
        significant = sum(
            1 for row in attitudes.rows if row.p_holm is not None and row.p_holm < st.ALPHA
        )
        lines.append(
            f"{significant} of {len(attitudes.rows)} attitude statements changed significantly "
            "after Holm adjustment."
        )
    if not course.suppressed:
        lines.append(
            f"The course was rated {course.mean:.1f} out of 5 on average by {course.n} residents."
        )
    return lines


def analyse(data: CourseData) -> CourseReport:
    knowledge = _knowledge(data)
    attitudes = _attitudes(data)
    sessions = tuple(
        SessionRow(
            session,
            rating_summary(session.overall),
            rating_summary(session.relevance),
            rating_summary(session.changed_view),
        )
        for session in data.sessions
    )
    faculty = tuple(
        FacultyRow(member, rating_summary(member.effectiveness)) for member in data.faculty
    )
    course = rating_summary(data.course_overall)
    return CourseReport(
        data=data,
        knowledge=knowledge,
        attitudes=attitudes,
        sessions=sessions,
        faculty=faculty,
        course=course,
        summary=tuple(_summary(data, knowledge, attitudes, course)),
    )


def course_report(*, program, instrument=None) -> CourseReport:
    return analyse(collect(program=program, instrument=instrument))


# ---------------------------------------------------------------------------------------------
# Faculty feedback
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackSessionRow:
    title: str
    program: str
    starts_at: datetime
    overall: RatingSummary
    relevance: RatingSummary
    changed_view: RatingSummary
    effectiveness: RatingSummary


@dataclass(frozen=True)
class FacultyFeedback:
    name: str
    organization: str
    sessions: tuple[FeedbackSessionRow, ...]
    effectiveness: RatingSummary


def faculty_feedback(*, faculty_member) -> FacultyFeedback:
    """Aggregated ratings of one faculty member's own sessions (3 queries); nothing is shown
    for fewer than `MIN_CELL` evaluations, and no learner's words or identity ever are."""
    from assessments.models import FacultyRating, SessionEvaluation
    from rotation.models import SessionFaculty

    sessions = list(
        SessionFaculty.objects.filter(faculty_member=faculty_member)
        .exclude(confirmation=SessionFaculty.Confirmation.DECLINED)
        .exclude(is_session_cancelled=True)
        .order_by("starts_at", "pk")
        .values_list("session_id", "session__title", "session__program__name", "starts_at")
    )
    ids = [row[0] for row in sessions]
    ratings: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for session_id, *values in SessionEvaluation.objects.filter(session_id__in=ids).values_list(
        "session_id", "overall", "relevance", "changed_view"
    ):
        ratings[session_id].append(tuple(values))
    mine: dict[int, list[int]] = defaultdict(list)
    for session_id, score in FacultyRating.objects.filter(
        faculty_member=faculty_member, evaluation__session_id__in=ids
    ).values_list("evaluation__session_id", "effectiveness"):
        mine[session_id].append(score)
    rows = tuple(
        FeedbackSessionRow(
            title=title,
            program=program,
            starts_at=starts_at,
            overall=rating_summary([r[0] for r in ratings[pk]]),
            relevance=rating_summary([r[1] for r in ratings[pk]]),
            changed_view=rating_summary([r[2] for r in ratings[pk]]),
            effectiveness=rating_summary(mine[pk]),
        )
        for pk, title, program, starts_at in sessions
    )
    return FacultyFeedback(
        name=f"{faculty_member.first_name} {faculty_member.last_name}",
        organization=faculty_member.organization.name,
        sessions=rows,
        effectiveness=rating_summary([score for scores in mine.values() for score in scores]),
    )
