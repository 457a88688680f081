"""One set of scores described as R's `summary` and `sd` describe it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from reports.statistics.base import (
    TOO_LARGE,
    Numbers,
    _in_unit,
    _mean,
    _Result,
    _sd,
    _unit,
    _vector,
)


@dataclass(frozen=True)
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


def whole_number_mean_sd(counts: Mapping[int, int]) -> tuple[float, float | None]:
    """The mean and SD (n − 1; None for one value) of whole numbers such as 1-5 ratings, counted
    by value (a `Counter`), from their exact sum and sum of squares rounded once, as R's
    long-double sums round them: a few µs where `describe`'s NumPy takes 40, and a partner's
    outcomes summarise dozens of sets of ratings."""
    n = sum(counts.values())
    if not n or not all(isinstance(value, int) for value in counts):
        raise ValueError("expected one or more whole numbers")
    total = sum(value * count for value, count in counts.items())
    squares = sum(value * value * count for value, count in counts.items())
    sd = math.sqrt((n * squares - total * total) / (n * (n - 1))) if n > 1 else None
    return total / n, sd
