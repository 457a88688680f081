"""Benchmarking across years and programs: every cohort's knowledge gain, attitude change per
subscale, response rates and session ratings, the same figures for cohorts pooled by academic
year, by format and by partner, and item-by-item figures for the items cohorts share.

A cohort is one program's matched learners on its course-evaluation instrument; its arrays
come from `data.course_data`, so each cohort's figures equal its course evaluation's. A pooled
group puts its cohorts' matched learners together (percent scores, so instruments of different
lengths pool). An item is the same item in two programs when its kind and wording are the same:
copying an instrument to another program, or making its next version, carries both unchanged
(whitespace and letter case aside). Every figure from fewer than `MIN_CELL` learners is
suppressed and says why, as in the course evaluation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON, CourseData, ItemInfo
from reports.analysis.ratings import RatingSummary, rating_summary
from reports.statistics.paired import (
    EffectSize,
    NormalizedGain,
    PairedT,
    cohens_dz,
    hake_gain,
    paired_t,
)

ItemKey = tuple[str, str]  # kind, wording with whitespace collapsed and letter case folded
DIMENSIONS = (("year", "Academic year"), ("format", "Format"), ("partner", "Partner"))


def item_key(kind: str, text: str) -> ItemKey:
    """What makes two programs' items the same item: kind and wording (spacing, case aside)."""
    return kind, " ".join(text.split()).casefold()


# ---------------------------------------------------------------------------------------------
# Input: one program's figures as read
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortInput:
    """A program's benchmarking input: who it is and its course data (pre and post only)."""

    program_id: int
    name: str
    slug: str
    academic_year: str
    format: str
    format_label: str
    partners: tuple[str, ...]
    data: CourseData
    session_overall: tuple[int, ...]  # every session evaluation's overall rating (1-5)


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gain:
    """Knowledge change of matched learners in percent points: the paired t's mean change
    with its 95 % CI, Hake's normalized gain and d_z; None with `suppressed` saying why."""

    n: int
    suppressed: str | None
    pre_mean: float | None = None
    post_mean: float | None = None
    t: PairedT | None = None
    gain: NormalizedGain | None = None
    dz: EffectSize | None = None


@dataclass(frozen=True)
class SubscaleChange:
    """Mean change of an attitude subscale (scale points, learners with every item of it)."""

    n: int
    suppressed: str | None
    pre_mean: float | None = None
    post_mean: float | None = None
    t: PairedT | None = None


@dataclass(frozen=True)
class ItemFigure:
    """One shared item in one cohort: share right (knowledge, 0-1) or mean score (attitude)
    before and after, over matched learners who answered it."""

    n: int
    pre: float | None
    post: float | None


@dataclass(frozen=True)
class CommonItem:
    key: ItemKey
    code: str  # "C1", "C2", … in the order of the table
    kind: str
    text: str
    cohorts: int  # how many of the cohorts' instruments hold it


@dataclass(frozen=True)
class Participation:
    enrolled: int
    pre_submitted: int
    post_submitted: int
    matched: int

    @property
    def pre_rate(self) -> float | None:
        return self.pre_submitted / self.enrolled if self.enrolled else None

    @property
    def post_rate(self) -> float | None:
        return self.post_submitted / self.enrolled if self.enrolled else None


@dataclass(frozen=True)
class Cohort:
    program_id: int
    name: str
    slug: str
    academic_year: str
    format: str
    format_label: str
    partners: tuple[str, ...]
    instrument_title: str
    participation: Participation
    knowledge: Gain
    subscales: tuple[SubscaleChange | None, ...]  # by `Benchmarking.subscale_names`; None:
    # its instrument has no such subscale
    sessions: RatingSummary
    items: tuple[tuple[ItemKey, ItemFigure | None], ...]  # None: its instrument lacks the item

    @property
    def label(self) -> str:
        return f"{self.name} ({self.academic_year})"


@dataclass(frozen=True)
class Group:
    dimension: str  # "year", "format" or "partner"
    name: str
    cohorts: int
    participation: Participation
    knowledge: Gain
    sessions: RatingSummary


@dataclass(frozen=True)
class Benchmarking:
    cohorts: tuple[Cohort, ...]  # by academic year, then format, then name
    groups: tuple[tuple[str, str, tuple[Group, ...]], ...]  # dimension, heading, its groups
    overall: Group
    subscale_names: tuple[str, ...]
    common_items: tuple[CommonItem, ...]
    compared_by_item: tuple[Cohort, ...]  # cohorts whose instrument holds a common item
    not_compared_by_item: tuple[Cohort, ...]
    years: tuple[str, ...]
    # Each common item by academic year: its figure pooled over the year's cohorts that hold
    # it (weighted by their learners); None where no cohort of that year holds it.
    item_years: tuple[tuple[CommonItem, tuple[ItemFigure | None, ...]], ...]
    # Pooled mean knowledge change per academic year, one series per format (None: suppressed).
    trends: tuple[tuple[str, tuple[float | None, ...]], ...]

    @property
    def learners(self) -> int:
        return self.overall.participation.matched

    def groups_by(self, dimension: str) -> tuple[Group, ...]:
        return next(groups for name, _, groups in self.groups if name == dimension)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def knowledge_gain(pre_percent: np.ndarray, post_percent: np.ndarray, *, items: int) -> Gain:
    """The knowledge figures of matched learners' percent scores (suppressed below MIN_CELL)."""
    n = len(pre_percent)
    if not items:
        return Gain(n, "no knowledge items")
    if n < MIN_CELL:
        return Gain(n, f"{SMALL_CELL_REASON} completed both the pre and the post")
    pre_mean, post_mean = float(pre_percent.mean()), float(post_percent.mean())
    return Gain(
        n=n,
        suppressed=None,
        pre_mean=pre_mean,
        post_mean=post_mean,
        t=paired_t(pre_percent, post_percent),
        gain=hake_gain(pre_mean, post_mean),
        dz=cohens_dz(pre_percent, post_percent),
    )


def subscale_changes(data: CourseData) -> dict[str, SubscaleChange]:
    """Each subscale's mean change, computed as the course evaluation's subscale table does."""
    changes = {}
    for name in dict.fromkeys(info.subscale or "All statements" for info in data.attitude_items):
        columns = [
            index
            for index, info in enumerate(data.attitude_items)
            if (info.subscale or "All statements") == name
        ]
        pre, post = data.attitude_pre[:, columns], data.attitude_post[:, columns]
        complete = ~np.isnan(pre).any(axis=1) & ~np.isnan(post).any(axis=1)
        count = int(complete.sum())
        if count < MIN_CELL:
            changes[name] = SubscaleChange(count, SMALL_CELL_REASON)
            continue
        pre_means, post_means = pre[complete].mean(axis=1), post[complete].mean(axis=1)
        changes[name] = SubscaleChange(
            n=count,
            suppressed=None,
            pre_mean=float(pre_means.mean()),
            post_mean=float(post_means.mean()),
            t=paired_t(pre_means, post_means),
        )
    return changes


def _item_figures(data: CourseData) -> dict[ItemKey, ItemFigure]:
    """Share right (knowledge) or mean score (attitude) of each item, before and after."""
    figures = {}
    for index, info in enumerate(data.knowledge_items):
        pre, post = data.knowledge_pre[:, index], data.knowledge_post[:, index]
        shown = data.matched >= MIN_CELL
        figures[item_key(info.kind, info.text)] = ItemFigure(
            data.matched,
            float(pre.mean()) if shown else None,
            float(post.mean()) if shown else None,
        )
    for index, info in enumerate(data.attitude_items):
        pre, post = data.attitude_pre[:, index], data.attitude_post[:, index]
        both = ~np.isnan(pre) & ~np.isnan(post)
        count = int(both.sum())
        shown = count >= MIN_CELL
        figures[item_key(info.kind, info.text)] = ItemFigure(
            count,
            float(pre[both].mean()) if shown else None,
            float(post[both].mean()) if shown else None,
        )
    return figures


def _participation(cohorts: Iterable[CourseData]) -> Participation:
    cohorts = list(cohorts)
    return Participation(
        enrolled=sum(data.enrolled for data in cohorts),
        pre_submitted=sum(data.pre_submitted for data in cohorts),
        post_submitted=sum(data.post_submitted for data in cohorts),
        matched=sum(data.matched for data in cohorts),
    )


def _pooled_gain(cohorts: Sequence[CohortInput]) -> Gain:
    """Matched learners of every cohort in one set of percent scores."""
    with_items = [cohort.data for cohort in cohorts if cohort.data.knowledge_items]
    if not with_items:
        return Gain(0, "no knowledge items")
    pre = np.concatenate([data.pre_percent for data in with_items])
    post = np.concatenate([data.post_percent for data in with_items])
    return knowledge_gain(pre, post, items=1)


def _group(dimension: str, name: str, cohorts: Sequence[CohortInput]) -> Group:
    return Group(
        dimension=dimension,
        name=name,
        cohorts=len(cohorts),
        participation=_participation(cohort.data for cohort in cohorts),
        knowledge=_pooled_gain(cohorts),
        sessions=rating_summary([r for cohort in cohorts for r in cohort.session_overall]),
    )


def _common_items(
    cohorts: Sequence[CohortInput],
) -> tuple[CommonItem, ...]:
    """Items held by the instruments of at least two cohorts, the most widely shared first."""
    holders: dict[ItemKey, int] = defaultdict(int)
    first: dict[ItemKey, tuple[tuple[int, int], ItemInfo]] = {}
    for order, cohort in enumerate(cohorts):
        items = (*cohort.data.knowledge_items, *cohort.data.attitude_items)
        for position, info in enumerate(items):
            key = item_key(info.kind, info.text)
            holders[key] += 1
            first.setdefault(key, ((order, position), info))
    shared = sorted(
        (key for key, count in holders.items() if count >= 2),
        key=lambda key: (-holders[key], first[key][0]),
    )
    return tuple(
        CommonItem(
            key=key,
            code=f"C{number}",
            kind=first[key][1].kind,
            text=first[key][1].text,
            cohorts=holders[key],
        )
        for number, key in enumerate(shared, start=1)
    )


def _pooled_figure(figures: Sequence[ItemFigure]) -> ItemFigure | None:
    """Figures of several cohorts weighted by their learners; suppressed below MIN_CELL."""
    if not figures:
        return None
    shown = [figure for figure in figures if figure.pre is not None and figure.post is not None]
    n = sum(figure.n for figure in shown)
    if n < MIN_CELL:
        return ItemFigure(sum(figure.n for figure in figures), None, None)
    pre = sum(figure.pre * figure.n for figure in shown) / n
    post = sum(figure.post * figure.n for figure in shown) / n
    return ItemFigure(n, pre, post)


def _item_years(
    common: Sequence[CommonItem], cohorts: Sequence[Cohort], years: Sequence[str]
) -> tuple[tuple[CommonItem, tuple[ItemFigure | None, ...]], ...]:
    rows = []
    for index, item in enumerate(common):
        by_year: dict[str, list[ItemFigure]] = defaultdict(list)
        for cohort in cohorts:
            figure = cohort.items[index][1]
            if figure is not None:
                by_year[cohort.academic_year].append(figure)
        rows.append((item, tuple(_pooled_figure(by_year[year]) for year in years)))
    return tuple(rows)


def _sort_key(cohort: CohortInput) -> tuple:
    return cohort.academic_year, cohort.format, cohort.name, cohort.program_id


def benchmark(inputs: Sequence[CohortInput]) -> Benchmarking:
    """Every cohort's figures, the pooled groups, the shared items and the trend by year."""
    inputs = sorted(inputs, key=_sort_key)
    common = _common_items(inputs)
    common_keys = [item.key for item in common]
    subscale_names = tuple(
        dict.fromkeys(
            info.subscale or "All statements"
            for cohort in inputs
            for info in cohort.data.attitude_items
        )
    )
    cohorts = []
    for cohort in inputs:
        data = cohort.data
        gain = knowledge_gain(data.pre_percent, data.post_percent, items=len(data.knowledge_items))
        figures = _item_figures(data)
        shown = data.matched >= MIN_CELL
        changes = subscale_changes(data)
        cohorts.append(
            Cohort(
                program_id=cohort.program_id,
                name=cohort.name,
                slug=cohort.slug,
                academic_year=cohort.academic_year,
                format=cohort.format,
                format_label=cohort.format_label,
                partners=cohort.partners,
                instrument_title=data.instrument_title,
                participation=_participation([data]),
                knowledge=gain,
                subscales=tuple(
                    (changes[name] if shown else SubscaleChange(data.matched, SMALL_CELL_REASON))
                    if name in changes
                    else None
                    for name in subscale_names
                ),
                sessions=rating_summary(cohort.session_overall),
                items=tuple((key, figures.get(key)) for key in common_keys),
            )
        )
    by: dict[str, dict[str, list[CohortInput]]] = {
        name: defaultdict(list) for name, _ in DIMENSIONS
    }
    for cohort in inputs:
        by["year"][cohort.academic_year].append(cohort)
        by["format"][cohort.format_label].append(cohort)
        for partner in cohort.partners:
            by["partner"][partner].append(cohort)
    groups = tuple(
        (
            dimension,
            heading,
            tuple(
                _group(dimension, name, members) for name, members in sorted(by[dimension].items())
            ),
        )
        for dimension, heading in DIMENSIONS
    )
    years = tuple(sorted(by["year"]))
    formats = sorted({(cohort.format, cohort.format_label) for cohort in inputs})
    trends = []
    for format_value, format_label in formats:
        series = []
        for year in years:
            members = [c for c in by["year"][year] if c.format == format_value]
            gain = _pooled_gain(members) if members else None
            series.append(
                gain.t.mean_difference
                if gain is not None and not gain.suppressed and gain.t is not None
                else None
            )
        trends.append((format_label, tuple(series)))
    compared = tuple(c for c in cohorts if any(figure is not None for _, figure in c.items))
    compared_ids = {cohort.program_id for cohort in compared}
    return Benchmarking(
        cohorts=tuple(cohorts),
        groups=groups,
        overall=_group("all", "All cohorts", inputs),
        subscale_names=subscale_names,
        common_items=common,
        compared_by_item=compared,
        not_compared_by_item=tuple(c for c in cohorts if c.program_id not in compared_ids),
        years=years,
        item_years=_item_years(common, cohorts, years),
        trends=tuple(trends),
    )
