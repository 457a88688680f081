"""Statistics for pre/post course evaluations, computed as R computes them by default.

Pure functions over sequences of numbers (NumPy and `scipy.special`, no Django). Each returns a
small frozen dataclass. When data cannot support a figure (fewer than two learners, no variance,
all differences zero, a single item), the figure is `None` and `reason` says why in plain
words: nothing here raises or returns NaN because of the data. Malformed input (pre and post of
different lengths, missing or infinite values, non-binary answers where 0/1 is required) is a
programming error and raises `ValueError`: pair, score and drop omissions before calling.
"""

from __future__ import annotations

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
    "ItemValues",
    "McNemar",
    "NormalizedGain",
    "PairedT",
    "Proportion",
    "Reliability",
    "Wilcoxon",
    "cohens_dav",
    "cohens_dz",
    "cronbach_alpha",
    "describe",
    "format_interval",
    "format_mcnemar",
    "format_number",
    "format_p_value",
    "format_paired_t",
    "format_wilcoxon",
    "hake_gain",
    "holm",
    "item_discrimination",
    "item_facility",
    "kr20",
    "mcnemar",
    "mcnemar_counts",
    "paired_t",
    "wilcoxon_signed_rank",
    "wilson_interval",
]

ALPHA = 0.05  # two-sided significance level and 1 − confidence of every interval
EXACT_WILCOXON_BELOW = 50  # R's wilcox.test: exact p when fewer non-zero differences
EXACT_MCNEMAR_BELOW = 25  # prefer the exact (binomial) McNemar p when b + c is below this

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
    are R's `mcnemar.test` default (continuity-corrected, 1 df); `exact_p_value` is the
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


def _essentially_constant(sd: float, mean: float, n: int) -> bool:
    # R's t.test: stop("data are essentially constant") when stderr < 10 * eps * |mean|.
    stderr = sd / math.sqrt(n)
    return stderr == 0 or stderr < 10 * np.finfo(float).eps * abs(mean)


def _two_sided_t_p(t: float, df: int) -> float:
    return float(2 * special.stdtr(df, -abs(t)))


# ---------------------------------------------------------------------------------------------
# Paired tests and effect sizes
# ---------------------------------------------------------------------------------------------


def paired_t(pre: Numbers, post: Numbers, *, confidence: float = 1 - ALPHA) -> PairedT:
    """Paired t-test of post − pre (R `t.test(post, pre, paired = TRUE)`)."""
    pre_array, post_array = _pair(pre, post)
    difference = post_array - pre_array
    n = difference.size
    if n == 0:
        return PairedT(0, None, None, None, None, None, None, None, "no pairs")
    mean = float(difference.mean())
    if n < 2:
        return PairedT(n, mean, None, None, None, None, None, None, "fewer than two pairs")
    sd = float(difference.std(ddof=1))
    if _essentially_constant(sd, mean, n):
        reason = (
            "all differences are zero"
            if not np.any(difference)
            else "every learner changed by the same amount, so t is undefined"
        )
        return PairedT(n, mean, sd, None, n - 1, None, None, None, reason)
    df = n - 1
    stderr = sd / math.sqrt(n)
    t = mean / stderr
    half_width = float(special.stdtrit(df, 1 - (1 - confidence) / 2)) * stderr
    return PairedT(
        n=n,
        mean_difference=mean,
        sd_difference=sd,
        t=t,
        df=df,
        p_value=_two_sided_t_p(t, df),
        ci_low=mean - half_width,
        ci_high=mean + half_width,
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
    `digits.rank = Inf`: round scores that come from divisions before, so equal ones tie.
    """
    pre_array, post_array = _pair(pre, post)
    difference = post_array - pre_array
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
    pre_array, post_array = _pair(pre, post)
    difference = post_array - pre_array
    n = difference.size
    if n < 2:
        return EffectSize("d_z", n, None, "fewer than two pairs")
    sd = float(difference.std(ddof=1))
    if _essentially_constant(sd, float(difference.mean()), n):
        reason = (
            "all differences are zero"
            if not np.any(difference)
            else "every learner changed by the same amount, so d_z is undefined"
        )
        return EffectSize("d_z", n, None, reason)
    return EffectSize("d_z", n, float(difference.mean()) / sd)


def cohens_dav(pre: Numbers, post: Numbers) -> EffectSize:
    """d_av = mean(post − pre) / mean(SD(pre), SD(post)) (Cumming 2012): comparable across
    designs, unlike d_z."""
    pre_array, post_array = _pair(pre, post)
    n = pre_array.size
    if n < 2:
        return EffectSize("d_av", n, None, "fewer than two pairs")
    average_sd = (float(pre_array.std(ddof=1)) + float(post_array.std(ddof=1))) / 2
    if average_sd == 0:
        return EffectSize("d_av", n, None, "pre and post scores do not vary")
    return EffectSize("d_av", n, float((post_array - pre_array).mean()) / average_sd)


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


def mcnemar(pre_correct: Sequence[bool], post_correct: Sequence[bool]) -> McNemar:
    """McNemar's test over paired right/wrong answers to one item (R `mcnemar.test`)."""
    pre_array = np.asarray(pre_correct, dtype=bool)
    post_array = np.asarray(post_correct, dtype=bool)
    if pre_array.ndim != 1 or pre_array.shape != post_array.shape:
        raise ValueError("pre_correct and post_correct must be paired one-dimensional sequences")
    b = int(np.count_nonzero(pre_array & ~post_array))
    c = int(np.count_nonzero(~pre_array & post_array))
    return mcnemar_counts(b=b, c=c, n=pre_array.size)


def mcnemar_counts(*, b: int, c: int, n: int | None = None) -> McNemar:
    """McNemar's test from the discordant counts b (right → wrong) and c (wrong → right)."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts cannot be negative")
    total = b + c
    n = total if n is None else n
    if total == 0:
        reason = "no learner changed between pre and post (b + c = 0), so the test is undefined"
        return McNemar(n, b, c, None, None, None, reason)
    chi2 = (abs(b - c) - 1) ** 2 / total
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
# Items and reliability
# ---------------------------------------------------------------------------------------------


def _alpha(matrix: np.ndarray, kind: str, confidence: float) -> Reliability:
    n, items = matrix.shape
    if items < 2:
        reason = "a single item has no reliability" if items == 1 else "no items"
        return Reliability(kind, n, items, None, None, None, reason)
    if n < 2:
        return Reliability(kind, n, items, None, None, None, "fewer than two learners")
    total_variance = float(matrix.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return Reliability(
            kind, n, items, None, None, None, "every learner has the same total score"
        )
    item_variance = float(matrix.var(axis=0, ddof=1).sum())
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


def describe(values: Numbers) -> Description:
    """Mean, SD, median, quartiles (R's type 7), minimum and maximum of one set of scores."""
    array = _vector(values, "values")
    n = array.size
    if n == 0:
        return Description(0, None, None, None, None, None, None, None, "no values")
    q1, median, q3 = (float(value) for value in np.quantile(array, [0.25, 0.5, 0.75]))
    sd = float(array.std(ddof=1)) if n > 1 else None
    return Description(
        n=n,
        mean=float(array.mean()),
        sd=sd,
        median=median,
        q1=q1,
        q3=q3,
        minimum=float(array.min()),
        maximum=float(array.max()),
        reason=None if n > 1 else "a single value has no standard deviation",
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
