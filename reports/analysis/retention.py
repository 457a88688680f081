"""Retention: knowledge at pre, post and each follow-up for the learners who took every one,
the Friedman test across the time points with Holm-adjusted pairwise Wilcoxon tests, and the
behaviour items ("since the course I have …") at each follow-up."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON, FollowUpData, ItemInfo
from reports.statistics.description import Description, describe
from reports.statistics.paired import Wilcoxon
from reports.statistics.repeated import Friedman, friedman, pairwise_wilcoxon
from reports.statistics.wording import format_friedman


@dataclass(frozen=True)
class TimePoint:
    label: str
    submitted: int  # everyone who submitted it, complete or not
    percent: Description | None  # of the learners with every time point


@dataclass(frozen=True)
class PairRow:
    earlier: str
    later: str
    median_change: float | None  # percentage points, later − earlier
    wilcoxon: Wilcoxon
    p_holm: float | None


@dataclass(frozen=True)
class BehaviourRow:
    item: ItemInfo
    by_follow_up: tuple[Description | None, ...]  # None where fewer than MIN_CELL answered


@dataclass(frozen=True)
class Retention:
    n: int  # learners with every time point
    items: int
    suppressed: str | None
    time_points: tuple[TimePoint, ...]
    friedman: Friedman | None
    pairs: tuple[PairRow, ...]
    follow_up_labels: tuple[str, ...]
    behaviour: tuple[BehaviourRow, ...]

    @property
    def summary(self) -> str:
        """One sentence for the report's summary."""
        who = f"{self.n} learners took the pre, the post and every follow-up"
        if self.suppressed:
            return f"{who}; the retention curve is not reported: {self.suppressed}."
        means = ", ".join(
            f"{point.label.lower()} {point.percent.mean:.0f} %" for point in self.time_points
        )
        return f"{who}: mean knowledge {means}; {format_friedman(self.friedman)}."


def analyse_retention(follow_up: FollowUpData) -> Retention:
    items = len(follow_up.behaviour_items)
    scores = follow_up.knowledge_correct
    knowledge_items = follow_up.knowledge_items
    suppressed = (
        "no knowledge items"
        if not knowledge_items
        else SMALL_CELL_REASON
        if follow_up.n < MIN_CELL
        else None
    )
    percent = scores * 100.0 / knowledge_items if knowledge_items else scores
    time_points = tuple(
        TimePoint(
            label=label,
            submitted=submitted,
            percent=None if suppressed else describe(percent[:, index]),
        )
        for index, (label, submitted) in enumerate(
            zip(follow_up.labels, follow_up.submitted, strict=True)
        )
    )
    rank_test, pairs = None, ()
    if not suppressed:
        # Ranks on item counts: equal scores stay exactly equal (percentages need not).
        rank_test = friedman(scores)
        pairs = tuple(
            PairRow(
                earlier=follow_up.labels[pair.earlier],
                later=follow_up.labels[pair.later],
                median_change=float(np.median(percent[:, pair.later] - percent[:, pair.earlier])),
                wilcoxon=pair.test,
                p_holm=pair.p_holm,
            )
            for pair in pairwise_wilcoxon(scores)
        )
    return Retention(
        n=follow_up.n,
        items=items,
        suppressed=suppressed,
        time_points=time_points,
        friedman=rank_test,
        pairs=pairs,
        follow_up_labels=follow_up.labels[2:],
        behaviour=tuple(
            BehaviourRow(
                item=info,
                by_follow_up=tuple(
                    _describe_answered(matrix[:, index]) for matrix in follow_up.behaviour
                ),
            )
            for index, info in enumerate(follow_up.behaviour_items)
        ),
    )


def _describe_answered(scores: np.ndarray) -> Description | None:
    answered = scores[~np.isnan(scores)]
    return describe(answered) if answered.size >= MIN_CELL else None
