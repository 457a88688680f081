"""Attitudes: each statement's levels, agreement and Wilcoxon test (Holm-adjusted) before and
after (and retrospectively), and each subscale's mean, Cronbach's alpha and paired t."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON, CourseData, ItemInfo
from reports.statistics.adjust import holm
from reports.statistics.description import Description, describe
from reports.statistics.items import Reliability, cronbach_alpha
from reports.statistics.paired import PairedT, Wilcoxon, paired_t, wilcoxon_signed_rank
from reports.statistics.proportions import Proportion, wilson_interval


@dataclass(frozen=True)
class AttitudeRow:
    item: ItemInfo
    counts_pre: tuple[int, ...]
    counts_post: tuple[int, ...]
    pre: Description | None
    post: Description | None
    agree_pre: Proportion | None
    agree_post: Proportion | None
    wilcoxon: Wilcoxon | None
    p_holm: float | None
    retro: Description | None
    retro_wilcoxon: Wilcoxon | None


@dataclass(frozen=True)
class SubscaleRow:
    name: str
    items: int
    n: int
    pre_mean: float | None
    post_mean: float | None
    alpha_pre: Reliability | None
    alpha_post: Reliability | None
    t: PairedT | None


@dataclass(frozen=True)
class Attitudes:
    n: int
    suppressed: str | None
    rows: tuple[AttitudeRow, ...]
    subscales: tuple[SubscaleRow, ...]
    has_retrospective: bool


def _level_counts(values: np.ndarray, levels: int) -> tuple[int, ...]:
    present = values[~np.isnan(values)].astype(int)
    return tuple(int((present == level).sum()) for level in range(1, levels + 1))


def _agreeing(values: np.ndarray, levels: int) -> Proportion | None:
    """Share choosing one of the agreeing levels (above the midpoint) of the statement as
    worded; None below the small-cell limit."""
    present = values[~np.isnan(values)]
    if len(present) < MIN_CELL:
        return None
    return wilson_interval(int((present > (levels + 1) / 2).sum()), len(present))


def analyse_attitudes(data: CourseData) -> Attitudes:
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
        wilcoxon = wilcoxon_signed_rank(pre[both], post[both]) if both.sum() >= MIN_CELL else None
        with_retro = ~np.isnan(retro) & ~np.isnan(post)
        retro_wilcoxon = (
            wilcoxon_signed_rank(retro[with_retro], post[with_retro])
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
    adjusted = holm(tests)
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
                cronbach_alpha(pre),
                cronbach_alpha(post),
                paired_t(pre_means, post_means),
            )
        )
    return Attitudes(n, None, rows, tuple(subscales), has_retro)


def _describe_present(values: np.ndarray) -> Description | None:
    present = values[~np.isnan(values)]
    return describe(present) if len(present) >= MIN_CELL else None
