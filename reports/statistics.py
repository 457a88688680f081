"""Statistics for pre/post course evaluations, computed as R computes them by default.

Pure functions over sequences of numbers (NumPy and `scipy.special`, no Django). Each returns a
small frozen dataclass. When data cannot support a figure (fewer than two learners, no variance,
all differences zero, a single item, a figure beyond the largest double), the figure is `None`
and `reason` says why in plain words: nothing here raises or returns NaN because of the data.
Malformed input (pre and post of different lengths, missing or infinite values, non-binary
answers where 0/1 is required) is a programming error and raises `ValueError`: pair, score and
drop omissions before calling (only `mcnemar` drops incomplete pairs itself, as R does).
Scores whose magnitude would overflow or underflow squares (beyond 2^±256) are divided by a
power of two first: t, p, d and α do not depend on the unit, and dividing by 2^k is exact.
tests/reports/test_statistics_r.py compares every function with R 4.2 on generated data.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special

__all__ = [
    "ALPHA",
    "Description",
    "EffectSize",
    "Friedman",
    "HedgesG",
    "ItemValues",
    "McNemar",
    "NormalizedGain",
    "PairedT",
    "PairwiseWilcoxon",
    "Proportion",
    "Reliability",
    "WelchT",
    "Wilcoxon",
    "cohens_dav",
    "cohens_dz",
    "cronbach_alpha",
    "describe",
    "format_friedman",
    "format_interval",
    "format_mcnemar",
    "format_number",
    "format_p_value",
    "format_paired_t",
    "format_welch_t",
    "format_wilcoxon",
    "friedman",
    "hake_gain",
    "hedges_g",
    "holm",
    "item_discrimination",
    "item_facility",
    "kr20",
    "mcnemar",
    "mcnemar_counts",
    "paired_t",
    "pairwise_wilcoxon",
    "welch_t",
    "wilcoxon_signed_rank",
    "wilson_interval",
]

ALPHA = 0.05  # two-sided significance level and 1 − confidence of every interval
EXACT_WILCOXON_BELOW = 50  # R's wilcox.test: exact p when fewer non-zero differences
EXACT_MCNEMAR_BELOW = 25  # prefer the exact (binomial) McNemar p when b + c is below this
# Beyond these magnitudes sums of squares over- or underflow; scores are rescaled (see _unit).
SMALLEST_UNSCALED, LARGEST_UNSCALED = 2.0**-256, 2.0**256
TOO_LARGE = "a figure would exceed the largest number a double can hold (about 1.8e308)"

Numbers = Sequence[float] | np.ndarray
Matrix = Sequence[Sequence[float]] | np.ndarray


class _Result:
    """Shared by every result: `reason` is None when every figure could be computed."""

    __slots__ = ()
    reason: str | None

    @property
    def is_computable(self) -> bool:
        return self.reason is None


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class McNemar(_Result):
    """McNemar's test on paired right/wrong answers.

    `b`: right before and wrong after; `c`: wrong before and right after. `chi2` and `p_value`
    are R's `mcnemar.test` default (1 df, continuity-corrected unless b = c); `exact_p_value` is the
    two-sided binomial p of b out of b + c (R: `binom.test(b, b + c)`), preferred when
    `prefers_exact` (b + c < 25).
    """

    n: int
    b: int
    c: int
    chi2: float | None
    p_value: float | None
    exact_p_value: float | None
    reason: str | None = None

    @property
    def prefers_exact(self) -> bool:
        return self.b + self.c < EXACT_MCNEMAR_BELOW


@dataclass(frozen=True, slots=True)
class EffectSize(_Result):
    """A standardized mean difference (`kind` is "d_z" or "d_av") over `n` pairs."""

    kind: str
    n: int
    value: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class NormalizedGain(_Result):
    """Hake's class-average normalized gain ⟨g⟩ = (post − pre) / (100 − pre), in percent points."""

    pre_percent_mean: float
    post_percent_mean: float
    gain: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Reliability(_Result):
    """Internal consistency (KR-20 or Cronbach's α) of `n` learners × `items` items.

    `ci_low`/`ci_high` are Feldt's 95 % interval (as R's `psych::alpha.ci`).
    """

    kind: str
    n: int
    items: int
    coefficient: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ItemValues(_Result):
    """One value per item (matrix column, in order); `None` where `item_reasons[i]` says why.

    `reason` is set when no item could be computed at all.
    """

    kind: str
    n: int
    values: tuple[float | None, ...]
    item_reasons: tuple[str | None, ...]
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Proportion(_Result):
    """A proportion with its 95 % Wilson score interval.

    R: `prop.test(successes, n, correct = FALSE)$conf.int`, `Hmisc::binconf(successes, n)`.
    """

    successes: int
    n: int
    proportion: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Description(_Result):
    """n, mean, SD (n − 1), median and quartiles (R's default `quantile`, type 7), min, max."""

    n: int
    mean: float | None
    sd: float | None
    median: float | None
    q1: float | None
    q3: float | None
    minimum: float | None
    maximum: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Friedman(_Result):
    """Friedman rank sum test of `k` time points measured on the same `n` learners.

    R: `friedman.test(y)` with y the n × k matrix: each learner's scores are ranked (ties get
    their average rank), χ² is corrected for ties and has k − 1 degrees of freedom.
    """

    n: int
    k: int
    chi2: float | None
    df: int | None
    p_value: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PairwiseWilcoxon:
    """The paired Wilcoxon test of time point `later` − `earlier` (column indexes) and its
    Holm-adjusted p over every pair: R `pairwise.wilcox.test(y, t, paired = TRUE)`."""

    earlier: int
    later: int
    test: Wilcoxon
    p_holm: float | None


@dataclass(frozen=True, slots=True)
class WelchT(_Result):
    """Welch's two-sample t-test of mean(first) − mean(second), two-sided, with its interval.

    R: `t.test(first, second)` (`var.equal = FALSE`); `df` is the Welch–Satterthwaite value.
    """

    n_first: int
    n_second: int
    mean_difference: float | None
    t: float | None
    df: float | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HedgesG(_Result):
    """Hedges' g of first vs second group with its 95 % interval (see `hedges_g`).

    `d` is Cohen's d over the pooled SD, `correction` Hedges' exact J, `value` = J · d.
    """

    n_first: int
    n_second: int
    d: float | None
    correction: float | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str | None = None


# ---------------------------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------------------------


def _vector(values: Numbers, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional sequence of numbers")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains missing or infinite values; drop them before")
    return array


def _pair(pre: Numbers, post: Numbers) -> tuple[np.ndarray, np.ndarray]:
    pre_array, post_array = _vector(pre, "pre"), _vector(post, "post")
    if pre_array.shape != post_array.shape:
        raise ValueError(
            f"pre and post must pair up: {pre_array.size} pre values, {post_array.size} post"
        )
    return pre_array, post_array


def _matrix(values: Matrix, *, binary: bool) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        array = array.reshape(0, array.shape[1] if array.ndim == 2 else 0)
    if array.ndim != 2:
        raise ValueError("expected a matrix: one row per learner, one column per item")
    if not np.all(np.isfinite(array)):
        raise ValueError("the matrix contains missing or infinite values; score omissions first")
    if binary and not np.all((array == 0) | (array == 1)):
        raise ValueError("expected a binary matrix of 0/1 (wrong/right) answers")
    return array


def _unit(*arrays: np.ndarray) -> float:
    """1 for ordinary scores; else the power of two that brings the largest magnitude to [1, 2)."""
    largest = max((float(np.max(np.abs(array))) for array in arrays if array.size), default=0.0)
    if largest == 0 or SMALLEST_UNSCALED <= largest <= LARGEST_UNSCALED:
        return 1.0
    return math.ldexp(1.0, math.frexp(largest)[1] - 1)


def _in_unit(value: float, unit: float) -> float | None:
    """A figure computed on rescaled scores back in the scores' unit; None if it overflows."""
    scaled = value * unit
    return scaled if math.isfinite(scaled) else None


def _mean(values: np.ndarray, axis: int | None = None) -> np.ndarray:
    """R's mean: the sum over n, corrected by the mean residual (exact for constant scores);
    keeps the reduced axis so that it broadcasts against `values`."""
    first = values.mean(axis=axis, keepdims=True)
    return first + (values - first).mean(axis=axis, keepdims=True)


def _variance(values: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """R's `var` (n − 1), around R's mean: 0 for constant scores, where NumPy's can be 1e-34."""
    centred = values - _mean(values, axis)
    count = values.size if axis is None else values.shape[axis]
    return (centred * centred).sum(axis=axis) / (count - 1)


def _sd(values: np.ndarray) -> float:
    return math.sqrt(float(_variance(values)))


def _essentially_constant(sd: float, mean: float, n: int) -> bool:
    # R's t.test: stop("data are essentially constant") when stderr < 10 * eps * |mean|.
    stderr = sd / math.sqrt(n)
    return stderr == 0 or stderr < 10 * np.finfo(float).eps * abs(mean)


def _scaled_difference(pre: Numbers, post: Numbers) -> tuple[np.ndarray, float]:
    """post − pre in a unit where its squares neither overflow nor underflow, and that unit."""
    pre_array, post_array = _pair(pre, post)
    unit = _unit(pre_array, post_array)
    if unit == 1:
        return post_array - pre_array, unit
    return post_array / unit - pre_array / unit, unit


def _two_sided_t_p(t: float, df: int) -> float:
    return float(2 * special.stdtr(df, -abs(t)))


# ---------------------------------------------------------------------------------------------
# Paired tests and effect sizes
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Paired proportions
# ---------------------------------------------------------------------------------------------


def _answers(values: Sequence[float | bool | None], name: str) -> np.ndarray:
    """Right (1) / wrong (0) answers as floats, NaN where missing (None or NaN)."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError("pre_correct and post_correct must be one-dimensional sequences")
    given = array[~np.isnan(array)]
    wrong_values = given[(given != 0) & (given != 1)]
    if wrong_values.size:
        raise ValueError(f"answers must be 0 (wrong) or 1 (right); {name} holds {wrong_values[0]}")
    return array


def mcnemar(
    pre_correct: Sequence[float | bool | None], post_correct: Sequence[float | bool | None]
) -> McNemar:
    """McNemar's test over paired right/wrong answers to one item (R `mcnemar.test`).

    Answers are 0/1 (or booleans); a pair with a missing answer (None or NaN) is dropped, as
    R keeps `complete.cases(x, y)`; any other value raises `ValueError`.
    """
    pre_array = _answers(pre_correct, "pre_correct")
    post_array = _answers(post_correct, "post_correct")
    if pre_array.size != post_array.size:
        raise ValueError(
            "pre_correct and post_correct must pair up: "
            f"{pre_array.size} pre answers, {post_array.size} post"
        )
    complete = ~(np.isnan(pre_array) | np.isnan(post_array))
    pre_right, post_right = pre_array[complete] == 1, post_array[complete] == 1
    b = int(np.count_nonzero(pre_right & ~post_right))
    c = int(np.count_nonzero(~pre_right & post_right))
    return mcnemar_counts(b=b, c=c, n=int(complete.sum()))


def mcnemar_counts(*, b: int, c: int, n: int | None = None) -> McNemar:
    """McNemar's test from the discordant counts b (right → wrong) and c (wrong → right)."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts cannot be negative")
    total = b + c
    n = total if n is None else n
    if total == 0:
        reason = "no learner changed between pre and post (b + c = 0), so the test is undefined"
        return McNemar(n, b, c, None, None, None, reason)
    # R corrects for continuity only when the table is not symmetric (any(x - t(x) != 0)):
    # with b = c, χ² = 0 and p = 1.
    chi2 = 0.0 if b == c else (abs(b - c) - 1) ** 2 / total
    p_value = float(special.chdtrc(1, chi2))
    exact = 1.0 if b == c else min(1.0, 2 * float(special.bdtr(min(b, c), total, 0.5)))
    return McNemar(n, b, c, chi2, p_value, exact)


def wilson_interval(successes: int, n: int, *, confidence: float = 1 - ALPHA) -> Proportion:
    """Proportion with its Wilson score interval (R `prop.test(x, n, correct = FALSE)`)."""
    if n < 0 or not 0 <= successes <= max(n, 0):
        raise ValueError("successes must be between 0 and n")
    if n == 0:
        return Proportion(successes, n, None, None, None, "no learners answered")
    proportion = successes / n
    z = float(special.ndtri(1 - (1 - confidence) / 2))
    z2n = z * z / n
    centre = proportion + z2n / 2
    spread = z * math.sqrt(proportion * (1 - proportion) / n + z2n / (4 * n))
    low = max(0.0, (centre - spread) / (1 + z2n))
    high = min(1.0, (centre + spread) / (1 + z2n))
    return Proportion(successes, n, proportion, low, high)


# ---------------------------------------------------------------------------------------------
# Repeated measures (pre, post, follow-ups) and independent groups
# ---------------------------------------------------------------------------------------------


def _time_points(matrix: Matrix) -> np.ndarray:
    array = _matrix(matrix, binary=False)
    if array.shape[1] < 2:
        raise ValueError("expected at least two time points (columns)")
    return array


def friedman(matrix: Matrix) -> Friedman:
    """Friedman test over rows = learners with every time point, columns = time points."""
    scores = _time_points(matrix)
    n, k = scores.shape
    if n < 2:
        return Friedman(n, k, None, None, None, "fewer than two learners")
    # Within each row: rank = number of smaller scores + (number of equal ones + 1) / 2, and a
    # group of t ties adds t³ − t = Σ over its members of (t² − 1) to R's tie correction.
    smaller = (scores[:, None, :] < scores[:, :, None]).sum(axis=2)
    equal = (scores[:, None, :] == scores[:, :, None]).sum(axis=2)
    ranks = smaller + (equal + 1) / 2
    ties = float((equal.astype(float) ** 2 - 1).sum())
    denominator = n * k * (k + 1) - ties / (k - 1)
    if denominator == 0:
        reason = "every learner has the same score at every time point"
        return Friedman(n, k, None, k - 1, None, reason)
    chi2 = 12 * float(((ranks.sum(axis=0) - n * (k + 1) / 2) ** 2).sum()) / denominator
    return Friedman(n, k, chi2, k - 1, float(special.chdtrc(k - 1, chi2)))


def pairwise_wilcoxon(matrix: Matrix) -> tuple[PairwiseWilcoxon, ...]:
    """Paired Wilcoxon tests of every pair of time points (columns), Holm-adjusted together.

    Pairs come in order (0, 1), (0, 2), …, (1, 2), …; a test that cannot be computed keeps
    its reason and does not count for Holm, as R's `p.adjust` skips NA.
    """
    scores = _time_points(matrix)
    pairs = list(itertools.combinations(range(scores.shape[1]), 2))
    tests = [wilcoxon_signed_rank(scores[:, earlier], scores[:, later]) for earlier, later in pairs]
    adjusted = holm([test.p_value for test in tests])
    return tuple(
        PairwiseWilcoxon(earlier, later, test, p_holm)
        for (earlier, later), test, p_holm in zip(pairs, tests, adjusted, strict=True)
    )


def _groups(first: Numbers, second: Numbers) -> tuple[np.ndarray, np.ndarray, float]:
    first_array, second_array = _vector(first, "first"), _vector(second, "second")
    unit = _unit(first_array, second_array)
    return first_array / unit, second_array / unit, unit


def _too_few(first: np.ndarray, second: np.ndarray) -> str | None:
    for name, array in (("first", first), ("second", second)):
        if array.size < 2:
            return f"fewer than two values in the {name} group"
    return None


def welch_t(first: Numbers, second: Numbers, *, confidence: float = 1 - ALPHA) -> WelchT:
    """Welch's t-test of two independent groups (R `t.test(first, second)`)."""
    first_array, second_array, unit = _groups(first, second)
    n_first, n_second = first_array.size, second_array.size
    missing = (None,) * 6
    if reason := _too_few(first_array, second_array):
        return WelchT(n_first, n_second, *missing, reason)
    mean_first, mean_second = float(_mean(first_array)[0]), float(_mean(second_array)[0])
    variance_first = float(_variance(first_array)) / n_first
    variance_second = float(_variance(second_array)) / n_second
    stderr = math.sqrt(variance_first + variance_second)
    # R: stop("data are essentially constant") when stderr < 10 * eps * max(|means|).
    if stderr == 0 or stderr < 10 * np.finfo(float).eps * max(abs(mean_first), abs(mean_second)):
        return WelchT(n_first, n_second, *missing, "neither group's scores vary")
    df = stderr**4 / (variance_first**2 / (n_first - 1) + variance_second**2 / (n_second - 1))
    difference = mean_first - mean_second
    t = difference / stderr
    half_width = float(special.stdtrit(df, 1 - (1 - confidence) / 2)) * stderr
    in_unit = [
        _in_unit(value, unit)
        for value in (difference, difference - half_width, difference + half_width)
    ]
    mean_difference, ci_low, ci_high = in_unit
    p_value = float(2 * special.stdtr(df, -abs(t)))
    reason = TOO_LARGE if None in in_unit else None
    return WelchT(n_first, n_second, mean_difference, t, df, p_value, ci_low, ci_high, reason)


def hedges_g(first: Numbers, second: Numbers, *, confidence: float = 1 - ALPHA) -> HedgesG:
    """Hedges' g of two independent groups with a normal-theory interval.

    d = (mean₁ − mean₂) / s_pooled, s_pooled² = ((n₁ − 1)s₁² + (n₂ − 1)s₂²) / (n₁ + n₂ − 2);
    g = J·d with Hedges' (1981) exact J = Γ(m/2) / (√(m/2) Γ((m − 1)/2)), m = n₁ + n₂ − 2;
    SE(g) = J·√((n₁ + n₂)/(n₁n₂) + d²/(2(n₁ + n₂))) (Borenstein et al. 2009, eqs. 4.20–4.24,
    with the exact J); interval g ± z₀.₉₇₅·SE(g). R has no base function: the tests compute
    the same formula in R.
    """
    first_array, second_array, _ = _groups(first, second)
    n_first, n_second = first_array.size, second_array.size
    missing = (None,) * 5
    if reason := _too_few(first_array, second_array):
        return HedgesG(n_first, n_second, *missing, reason)
    df = n_first + n_second - 2
    pooled_variance = (
        (n_first - 1) * float(_variance(first_array))
        + (n_second - 1) * float(_variance(second_array))
    ) / df
    if pooled_variance == 0:
        return HedgesG(n_first, n_second, *missing, "neither group's scores vary")
    difference = float(_mean(first_array)[0]) - float(_mean(second_array)[0])
    d = difference / math.sqrt(pooled_variance)
    correction = math.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / math.sqrt(
        df / 2
    )
    total = n_first + n_second
    stderr = correction * math.sqrt(total / (n_first * n_second) + d * d / (2 * total))
    half_width = float(special.ndtri(1 - (1 - confidence) / 2)) * stderr
    g = correction * d
    return HedgesG(n_first, n_second, d, correction, g, g - half_width, g + half_width)


# ---------------------------------------------------------------------------------------------
# Items and reliability
# ---------------------------------------------------------------------------------------------


def _alpha(matrix: np.ndarray, kind: str, confidence: float) -> Reliability:
    n, items = matrix.shape
    if items < 2:
        reason = "a single item has no reliability" if items == 1 else "no items"
        return Reliability(kind, n, items, None, None, None, reason)
    if n < 2:
        return Reliability(kind, n, items, None, None, None, "fewer than two learners")
    matrix = matrix / _unit(matrix)
    total_variance = float(_variance(matrix.sum(axis=1)))
    if total_variance == 0:
        return Reliability(
            kind, n, items, None, None, None, "every learner has the same total score"
        )
    item_variance = float(_variance(matrix, axis=0).sum())
    coefficient = items / (items - 1) * (1 - item_variance / total_variance)
    # Feldt (1965); Feldt, Woodruff & Salih (1987): (1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1)).
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (items - 1)
    ci_low = 1 - (1 - coefficient) * float(special.fdtri(df1, df2, 1 - tail))
    ci_high = 1 - (1 - coefficient) * float(special.fdtri(df1, df2, tail))
    return Reliability(kind, n, items, coefficient, ci_low, ci_high)


def kr20(binary_matrix: Matrix, *, confidence: float = 1 - ALPHA) -> Reliability:
    """Kuder–Richardson 20 of right/wrong (1/0) answers: rows learners, columns items.

    Equals Cronbach's α on the same 0/1 matrix; the interval is Feldt's.
    """
    return _alpha(_matrix(binary_matrix, binary=True), "KR-20", confidence)


def cronbach_alpha(matrix: Matrix, *, confidence: float = 1 - ALPHA) -> Reliability:
    """Cronbach's α of item scores (rows learners, columns items) with Feldt's 95 % interval."""
    return _alpha(_matrix(matrix, binary=False), "Cronbach's alpha", confidence)


def item_facility(binary_matrix: Matrix) -> ItemValues:
    """Proportion of learners answering each item right (the item's facility, or p-value)."""
    matrix = _matrix(binary_matrix, binary=True)
    n, items = matrix.shape
    if n == 0:
        return ItemValues("facility", 0, (None,) * items, ("no learners",) * items, "no learners")
    values = tuple(float(value) for value in matrix.mean(axis=0))
    return ItemValues("facility", n, values, (None,) * items)


def item_discrimination(binary_matrix: Matrix) -> ItemValues:
    """Corrected item–rest correlation of each item (Pearson r of the item with the total of
    the other items), as Moodle's quiz statistics' discrimination index (there × 100)."""
    matrix = _matrix(binary_matrix, binary=True)
    n, items = matrix.shape
    kind = "discrimination"
    if items < 2 or n < 2:
        reason = (
            "no items"
            if items == 0
            else "a single item has no rest score"
            if items == 1
            else "fewer than two learners"
        )
        return ItemValues(kind, n, (None,) * items, (reason,) * items, reason)
    rest = matrix.sum(axis=1, keepdims=True) - matrix
    item_centred = matrix - matrix.mean(axis=0)
    rest_centred = rest - rest.mean(axis=0)
    item_spread = np.einsum("ij,ij->j", item_centred, item_centred)
    rest_spread = np.einsum("ij,ij->j", rest_centred, rest_centred)
    products = np.einsum("ij,ij->j", item_centred, rest_centred)
    item_varies = matrix.min(axis=0) != matrix.max(axis=0)
    rest_varies = rest.min(axis=0) != rest.max(axis=0)
    values: list[float | None] = []
    reasons: list[str | None] = []
    for index in range(items):
        if not item_varies[index]:
            values.append(None)
            reasons.append("every learner answered this item the same way")
        elif not rest_varies[index]:
            values.append(None)
            reasons.append("the other items' total does not vary")
        else:
            r = products[index] / math.sqrt(item_spread[index] * rest_spread[index])
            values.append(float(min(1.0, max(-1.0, r))))
            reasons.append(None)
    reason = "no item varies" if all(value is None for value in values) else None
    return ItemValues(kind, n, tuple(values), tuple(reasons), reason)


# ---------------------------------------------------------------------------------------------
# Description and multiplicity
# ---------------------------------------------------------------------------------------------


def _quantile(ordered: np.ndarray, probability: float) -> float:
    """R's default `quantile` (type 7), with R's interpolation (1 − h)·x[lo] + h·x[hi]."""
    index = (ordered.size - 1) * probability
    low, high = math.floor(index), math.ceil(index)
    fraction = index - low
    if fraction == 0 or ordered[high] == ordered[low]:
        return float(ordered[low])
    return float((1 - fraction) * ordered[low] + fraction * ordered[high])


def describe(values: Numbers) -> Description:
    """Mean, SD, median, quartiles (R's type 7), minimum and maximum of one set of scores."""
    array = _vector(values, "values")
    n = array.size
    if n == 0:
        return Description(0, None, None, None, None, None, None, None, "no values")
    ordered = np.sort(array)
    q1, median, q3 = (_quantile(ordered, probability) for probability in (0.25, 0.5, 0.75))
    unit = _unit(array)
    scaled = array / unit
    sd, reason = None, "a single value has no standard deviation"
    if n > 1:
        sd = _in_unit(_sd(scaled), unit)
        reason = None if sd is not None else TOO_LARGE
    return Description(
        n=n,
        mean=float(_mean(scaled)[0]) * unit,
        sd=sd,
        median=median,
        q1=q1,
        q3=q3,
        minimum=float(ordered[0]),
        maximum=float(ordered[-1]),
        reason=reason,
    )


def holm(p_values: Sequence[float | None]) -> tuple[float | None, ...]:
    """Holm-adjusted p-values in the given order (R `p.adjust(p, "holm")`); None stays None
    and does not count as a test."""
    present = sorted((p, index) for index, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for position, (p, index) in enumerate(present):
        running = max(running, min(1.0, (len(present) - position) * p))
        adjusted[index] = running
    return tuple(adjusted)


# ---------------------------------------------------------------------------------------------
# APA-style wording for summaries
# ---------------------------------------------------------------------------------------------


def format_number(value: float, digits: int = 2) -> str:
    """A number rounded to `digits` decimals, never "-0.00"."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_p_value(p_value: float | None) -> str:
    """APA-style p: "p < 0.001", "p = 0.039", "p > 0.999"; 4 decimals where 3 would read 0.050."""
    if p_value is None:
        return "p not computable"
    if p_value < 0.001:
        return "p < 0.001"
    if p_value > 0.999:
        return "p > 0.999"
    text = f"{p_value:.3f}"
    if p_value < ALPHA and text == "0.050":
        text = f"{p_value:.4f}"
    return f"p = {text}"


def format_interval(low: float | None, high: float | None, digits: int = 2) -> str:
    """ "95 % CI [low, high]" or an empty string when there is no interval."""
    if low is None or high is None:
        return ""
    return f"95 % CI [{format_number(low, digits)}, {format_number(high, digits)}]"


def format_paired_t(result: PairedT, effect: EffectSize | None = None, digits: int = 2) -> str:
    """E.g. "paired t(21) = 6.10, p < 0.001, d_z = 1.30"."""
    if not result.is_computable:
        return f"paired t not computable: {result.reason}"
    text = f"paired t({result.df}) = {format_number(result.t, digits)}, "
    text += format_p_value(result.p_value)
    if effect is not None and effect.value is not None:
        text += f", {effect.kind} = {format_number(effect.value, digits)}"
    return text


def format_wilcoxon(result: Wilcoxon) -> str:
    """E.g. "Wilcoxon V = 40, p = 0.039 (exact)"."""
    if not result.is_computable:
        return f"Wilcoxon test not computable: {result.reason}"
    method = "exact" if result.exact else "normal approximation"
    v = format_number(result.v, 0 if float(result.v).is_integer() else 1)
    return f"Wilcoxon V = {v}, {format_p_value(result.p_value)} ({method})"


def format_mcnemar(result: McNemar, digits: int = 2) -> str:
    """E.g. "McNemar χ²(1) = 16.82, p < 0.001", or the exact p when b + c < 25."""
    if not result.is_computable:
        return f"McNemar test not computable: {result.reason}"
    if result.prefers_exact:
        return f"exact McNemar test (b = {result.b}, c = {result.c}), " + format_p_value(
            result.exact_p_value
        )
    return f"McNemar χ²(1) = {format_number(result.chi2, digits)}, " + format_p_value(
        result.p_value
    )


def format_friedman(result: Friedman, digits: int = 2) -> str:
    """E.g. "Friedman χ²(2) = 11.14, p = 0.004 (22 learners)"."""
    if result.chi2 is None:
        return f"Friedman test not computable: {result.reason}"
    text = f"Friedman χ²({result.df}) = {format_number(result.chi2, digits)}, "
    return text + f"{format_p_value(result.p_value)} ({result.n} learners)"


def format_welch_t(result: WelchT, effect: HedgesG | None = None, digits: int = 2) -> str:
    """E.g. "Welch t(17.8) = -1.86, p = 0.079, g = -0.80, 95 % CI [-1.67, 0.08]"."""
    if result.t is None:
        return f"Welch t-test not computable: {result.reason}"
    text = f"Welch t({format_number(result.df, 1)}) = {format_number(result.t, digits)}, "
    text += format_p_value(result.p_value)
    if effect is not None and effect.value is not None:
        interval = format_interval(effect.ci_low, effect.ci_high, digits)
        text += f", g = {format_number(effect.value, digits)}, {interval}"
    return text
