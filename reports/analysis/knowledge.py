"""Knowledge: the matched learners' percent scores before and after, each item's facility,
discrimination and McNemar test (Holm-adjusted), and scores by topic."""

from __future__ import annotations

from dataclasses import dataclass

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON, CourseData, ItemInfo, percent
from reports.statistics.adjust import holm
from reports.statistics.description import Description, describe
from reports.statistics.items import Reliability, item_discrimination, item_facility, kr20
from reports.statistics.paired import (
    EffectSize,
    NormalizedGain,
    PairedT,
    Wilcoxon,
    cohens_dz,
    hake_gain,
    paired_t,
    wilcoxon_signed_rank,
)
from reports.statistics.proportions import McNemar, mcnemar

FACILITY_CEILING = 0.9  # items answered right by more than this share on the pre are flagged


@dataclass(frozen=True)
class KnowledgeItemRow:
    item: ItemInfo
    facility_pre: float | None
    facility_post: float | None
    mcnemar: McNemar | None
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
    t: PairedT | None


@dataclass(frozen=True)
class Knowledge:
    n: int
    items: int
    suppressed: str | None
    pre: Description | None
    post: Description | None
    change: Description | None
    t: PairedT | None
    wilcoxon: Wilcoxon | None
    dz: EffectSize | None
    gain: NormalizedGain | None
    kr20_pre: Reliability | None
    kr20_post: Reliability | None
    rose: int
    same: int
    fell: int
    unmatched_pre: Description | None
    unmatched_suppressed: str | None
    rows: tuple[KnowledgeItemRow, ...]
    topics: tuple[TopicRow, ...]

    @property
    def flagged(self) -> tuple[KnowledgeItemRow, ...]:
        return tuple(row for row in self.rows if row.flags)


def analyse_knowledge(data: CourseData) -> Knowledge:
    n, items = data.matched, len(data.knowledge_items)
    unmatched = data.unmatched_pre_percent
    unmatched_suppressed = SMALL_CELL_REASON if len(unmatched) < MIN_CELL else None
    unmatched_pre = None if unmatched_suppressed else describe(unmatched)
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
    facility_pre = item_facility(pre_matrix).values
    facility_post = item_facility(post_matrix).values
    discrimination_pre = item_discrimination(pre_matrix).values
    discrimination_post = item_discrimination(post_matrix).values
    tests = [
        mcnemar(pre_matrix[:, index].astype(bool), post_matrix[:, index].astype(bool))
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
    adjusted = holm(shown)
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
        topic_pre = percent(pre_matrix[:, columns])
        topic_post = percent(post_matrix[:, columns])
        topics.append(
            TopicRow(
                topic,
                len(columns),
                float(topic_pre.mean()),
                float(topic_post.mean()),
                paired_t(topic_pre, topic_post),
            )
        )
    change = post - pre
    return Knowledge(
        n=n,
        items=items,
        suppressed=None,
        pre=describe(pre),
        post=describe(post),
        change=describe(change),
        t=paired_t(pre, post),
        # Item counts, not percentages: 100·s/k floats break the ties of equal gains.
        wilcoxon=wilcoxon_signed_rank(pre_matrix.sum(axis=1), post_matrix.sum(axis=1)),
        dz=cohens_dz(pre, post),
        gain=hake_gain(float(pre.mean()), float(post.mean())),
        kr20_pre=kr20(pre_matrix),
        kr20_post=kr20(post_matrix),
        rose=int((change > 0).sum()),
        same=int((change == 0).sum()),
        fell=int((change < 0).sum()),
        unmatched_pre=unmatched_pre,
        unmatched_suppressed=unmatched_suppressed,
        rows=tuple(rows),
        topics=tuple(topics),
    )
