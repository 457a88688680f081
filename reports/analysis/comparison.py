"""The comparison group: the course learners' knowledge gain against that of residents who
did not take the course, Welch's t-test and Hedges' g of the gains, and the difference in
differences in plain words, with the caveat that the groups were not randomized."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON, ComparisonData, CourseData
from reports.statistics.description import Description, describe
from reports.statistics.groups import HedgesG, WelchT, hedges_g, welch_t
from reports.statistics.wording import format_welch_t

CAVEAT = (
    "The groups were not randomized: residents who took the course may differ from those who "
    "did not in ways that also change their scores, so the difference is not proof that the "
    "course caused it."
)


@dataclass(frozen=True)
class GroupChange:
    n: int
    pre: float  # mean percent
    post: float
    gain: Description  # post − pre, percentage points


@dataclass(frozen=True)
class Comparison:
    members: int
    pre_submitted: int
    post_submitted: int
    suppressed: str | None
    course: GroupChange | None
    comparison: GroupChange | None
    welch: WelchT | None  # course gains − comparison gains
    hedges: HedgesG | None
    statement: str


def _change(pre: np.ndarray, post: np.ndarray) -> GroupChange:
    return GroupChange(
        n=len(pre), pre=float(pre.mean()), post=float(post.mean()), gain=describe(post - pre)
    )


def _moved(change: GroupChange) -> str:
    verb = "rose" if change.gain.mean > 0 else "fell" if change.gain.mean < 0 else "stayed"
    if verb == "stayed":
        return f"stayed at {change.pre:.0f} %"
    return (
        f"{verb} {abs(change.gain.mean):.1f} points on average (from {change.pre:.0f} % to "
        f"{change.post:.0f} %, n = {change.n})"
    )


def analyse_comparison(data: CourseData, group: ComparisonData) -> Comparison:
    counts = {
        "members": group.members,
        "pre_submitted": group.pre_submitted,
        "post_submitted": group.post_submitted,
    }
    suppressed = (
        "no knowledge items"
        if not data.knowledge_items
        else f"{SMALL_CELL_REASON} in a group"
        if min(data.matched, group.matched) < MIN_CELL
        else None
    )
    if suppressed:
        statement = f"Gains are not compared: {suppressed}."
        return Comparison(**counts, suppressed=suppressed, course=None, comparison=None,
                          welch=None, hedges=None, statement=statement)  # fmt: skip
    course = _change(data.pre_percent, data.post_percent)
    comparison = _change(group.pre_percent, group.post_percent)
    course_gains = data.post_percent - data.pre_percent
    comparison_gains = group.post_percent - group.pre_percent
    welch = welch_t(course_gains, comparison_gains)
    hedges = hedges_g(course_gains, comparison_gains)
    statement = (
        f"Course learners' knowledge {_moved(course)}; the comparison group's {_moved(comparison)}."
    )
    if welch.t is not None:
        statement += (
            f" The difference in differences is {welch.mean_difference:.1f} points "
            f"(95 % CI {welch.ci_low:.1f} to {welch.ci_high:.1f}; "
            f"{format_welch_t(welch, hedges)})."
        )
    else:
        statement += f" The gains are not tested: {welch.reason}."
    return Comparison(
        **counts,
        suppressed=None,
        course=course,
        comparison=comparison,
        welch=welch,
        hedges=hedges,
        statement=f"{statement} {CAVEAT}",
    )
