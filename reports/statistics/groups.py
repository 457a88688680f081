"""Two independent groups (course vs comparison): Welch's t-test and Hedges' g."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from reports.statistics.base import (
    ALPHA,
    TOO_LARGE,
    Numbers,
    _in_unit,
    _mean,
    _Result,
    _unit,
    _variance,
    _vector,
)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
