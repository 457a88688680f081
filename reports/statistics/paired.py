"""Paired pre/post tests and effect sizes: paired t, Wilcoxon signed rank, d_z, d_av and
Hake's normalized gain."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special

from reports.statistics.base import (
    ALPHA,
    TOO_LARGE,
    Numbers,
    _essentially_constant,
    _in_unit,
    _mean,
    _pair,
    _Result,
    _scaled_difference,
    _sd,
    _two_sided_t_p,
    _unit,
)

EXACT_WILCOXON_BELOW = 50  # R's wilcox.test: exact p when fewer non-zero differences


@dataclass(frozen=True)
class PairedT(_Result):
    """Paired t-test of post − pre, two-sided, with a 95 % interval for the mean difference.

    R: `t.test(post, pre, paired = TRUE)`. `sd_difference` uses n − 1; `df` = n − 1.
    """

    n: int
    mean_difference: float | None
    sd_difference: float | None
    t: float | None
    df: int | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Wilcoxon(_Result):
    """Wilcoxon signed-rank test of post − pre, two-sided.

    R: `wilcox.test(post, pre, paired = TRUE)`. `n` counts all pairs, `n_nonzero` those left
    after zero differences are dropped; `v` is the sum of the ranks of the positive
    differences; `exact` tells whether p is exact or the continuity- and tie-corrected normal
    approximation.
    """

    n: int
    n_nonzero: int
    v: float | None
    p_value: float | None
    exact: bool
    has_ties: bool
    reason: str | None = None


@dataclass(frozen=True)
class EffectSize(_Result):
    """A standardized mean difference (`kind` is "d_z" or "d_av") over `n` pairs."""

    kind: str
    n: int
    value: float | None
    reason: str | None = None


@dataclass(frozen=True)
class NormalizedGain(_Result):
    """Hake's class-average normalized gain ⟨g⟩ = (post − pre) / (100 − pre), in percent points."""

    pre_percent_mean: float
    post_percent_mean: float
    gain: float | None
    reason: str | None = None


def paired_t(pre: Numbers, post: Numbers, *, confidence: float = 1 - ALPHA) -> PairedT:
    """Paired t-test of post − pre (R `t.test(post, pre, paired = TRUE)`).

    A mean, SD or limit beyond the largest double is None (reason `TOO_LARGE`); t and p stay.
    """
    difference, unit = _scaled_difference(pre, post)
    n = difference.size
    if n == 0:
        return PairedT(0, None, None, None, None, None, None, None, "no pairs")
    mean = float(_mean(difference)[0])
    if n < 2:
        mean_difference = _in_unit(mean, unit)
        return PairedT(
            n, mean_difference, None, None, None, None, None, None, "fewer than two pairs"
        )
    sd = _sd(difference)
    df = n - 1
    if _essentially_constant(sd, mean, n):
        reason = (
            "all differences are zero"
            if not np.any(difference)
            else "every learner changed by the same amount, so t is undefined"
        )
        return PairedT(
            n, _in_unit(mean, unit), _in_unit(sd, unit), None, df, None, None, None, reason
        )
    stderr = sd / math.sqrt(n)
    t = mean / stderr
    half_width = float(special.stdtrit(df, 1 - (1 - confidence) / 2)) * stderr
    in_unit = [_in_unit(value, unit) for value in (mean, sd, mean - half_width, mean + half_width)]
    mean_difference, sd_difference, ci_low, ci_high = in_unit
    return PairedT(
        n=n,
        mean_difference=mean_difference,
        sd_difference=sd_difference,
        t=t,
        df=df,
        p_value=_two_sided_t_p(t, df),
        ci_low=ci_low,
        ci_high=ci_high,
        reason=TOO_LARGE if None in in_unit else None,
    )


def _average_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's `rank` (ties get their average rank) and the size of each group of ties."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts_group = np.empty(ordered.size, dtype=bool)
    starts_group[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_group[1:])
    starts = np.flatnonzero(starts_group)
    sizes = np.diff(np.append(starts, ordered.size))
    ranks = np.empty(ordered.size)
    ranks[order] = np.repeat(starts + (sizes + 1) / 2, sizes)
    return ranks, sizes


@lru_cache(maxsize=EXACT_WILCOXON_BELOW)
def _signed_rank_cdf(n: int) -> np.ndarray:
    """P(V ≤ k) for k = 0 … n(n+1)/2 under H0, as R's `psignrank` (counts are exact below 2^53)."""
    counts = np.zeros(n * (n + 1) // 2 + 1)
    counts[0] = 1
    for rank in range(1, n + 1):
        counts[rank:] = counts[rank:] + counts[:-rank]
    cdf = np.cumsum(counts) / 2.0**n
    cdf.flags.writeable = False
    return cdf


def wilcoxon_signed_rank(pre: Numbers, post: Numbers) -> Wilcoxon:
    """Wilcoxon signed-rank test of post − pre (R `wilcox.test(post, pre, paired = TRUE)`).

    Zero differences are dropped; exact p below 50 pairs without ties or zeros, otherwise the
    normal approximation with continuity and tie correction, as R's defaults up to R 4.5.
    (R-devel's wilcox.test computes an exact conditional p with ties by default; there, tied
    data match `exact = FALSE`.) Differences are compared exactly, as R's default
    `digits.rank = Inf`: pass scores that come from divisions (percentages, means) as the
    counts or sums they came from, so that equal changes tie.
    """
    difference, _ = _scaled_difference(pre, post)
    n_pairs = difference.size
    has_zeros = bool(np.any(difference == 0))
    difference = difference[difference != 0]
    n = difference.size
    if n == 0:
        reason = "no pairs" if n_pairs == 0 else "all differences are zero"
        return Wilcoxon(n_pairs, 0, None, None, exact=False, has_ties=False, reason=reason)
    ranks, tie_sizes = _average_ranks(np.abs(difference))
    v = float(ranks[difference > 0].sum())
    has_ties = bool(np.any(tie_sizes > 1))
    half_mean = n * (n + 1) / 4
    if n < EXACT_WILCOXON_BELOW and not has_ties and not has_zeros:
        cdf = _signed_rank_cdf(n)
        whole = round(v)
        # Upper tail P(V ≥ v) by symmetry is P(V ≤ n(n+1)/2 − v): no cancellation.
        tail = cdf[n * (n + 1) // 2 - whole] if v > half_mean else cdf[whole]
        p_value = min(2 * float(tail), 1.0)
        return Wilcoxon(n_pairs, n, v, p_value, exact=True, has_ties=False)
    centred = v - half_mean
    ties = float(np.sum(tie_sizes.astype(float) ** 3 - tie_sizes))
    sigma = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - ties / 48)
    z = (centred - math.copysign(0.5, centred) * (centred != 0)) / sigma
    p_value = float(2 * min(special.ndtr(z), special.ndtr(-z)))
    return Wilcoxon(n_pairs, n, v, min(p_value, 1.0), exact=False, has_ties=has_ties)


def cohens_dz(pre: Numbers, post: Numbers) -> EffectSize:
    """d_z = mean(post − pre) / SD(post − pre), the effect size that goes with the paired t."""
    difference, _ = _scaled_difference(pre, post)
    n = difference.size
    if n < 2:
        return EffectSize("d_z", n, None, "fewer than two pairs")
    sd, mean = _sd(difference), float(_mean(difference)[0])
    if _essentially_constant(sd, mean, n):
        reason = (
            "all differences are zero"
            if not np.any(difference)
            else "every learner changed by the same amount, so d_z is undefined"
        )
        return EffectSize("d_z", n, None, reason)
    return EffectSize("d_z", n, mean / sd)


def cohens_dav(pre: Numbers, post: Numbers) -> EffectSize:
    """d_av = mean(post − pre) / mean(SD(pre), SD(post)) (Cumming 2012): comparable across
    designs, unlike d_z."""
    pre_array, post_array = _pair(pre, post)
    n = pre_array.size
    if n < 2:
        return EffectSize("d_av", n, None, "fewer than two pairs")
    unit = _unit(pre_array, post_array)
    pre_array, post_array = pre_array / unit, post_array / unit
    average_sd = (_sd(pre_array) + _sd(post_array)) / 2
    if average_sd == 0:
        return EffectSize("d_av", n, None, "pre and post scores do not vary")
    return EffectSize("d_av", n, float(_mean(post_array - pre_array)[0]) / average_sd)


def hake_gain(pre_percent_mean: float, post_percent_mean: float) -> NormalizedGain:
    """Hake's class-average normalized gain from the class mean percent scores (0–100)."""
    for name, value in (("pre", pre_percent_mean), ("post", post_percent_mean)):
        if not 0 <= value <= 100:
            raise ValueError(f"the {name} mean must be a percentage between 0 and 100")
    if pre_percent_mean == 100:
        return NormalizedGain(
            pre_percent_mean, post_percent_mean, None, "the pre-test mean is 100 %: no room to gain"
        )
    gain = (post_percent_mean - pre_percent_mean) / (100 - pre_percent_mean)
    return NormalizedGain(pre_percent_mean, post_percent_mean, gain)
