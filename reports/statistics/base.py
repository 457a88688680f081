"""What every statistic here shares: the significance level, the result base class and the
input checks.

The package holds statistics for pre/post course evaluations, computed as R computes them by
default: pure functions over sequences of numbers (NumPy and `scipy.special`, no Django), one
topic a module. Each returns a small frozen dataclass. When data cannot support a figure (fewer
than two learners, no variance, all differences zero, a single item, a figure beyond the
largest double), the figure is `None` and `reason` says why in plain words: nothing here raises
or returns NaN because of the data. Malformed input (pre and post of different lengths, missing
or infinite values, non-binary answers where 0/1 is required) is a programming error and raises
`ValueError`: pair, score and drop omissions before calling (only `mcnemar` drops incomplete
pairs itself, as R does). Scores whose magnitude would overflow or underflow squares (beyond
2^±256) are divided by a power of two first: t, p, d and α do not depend on the unit, and
dividing by 2^k is exact. tests/reports/test_statistics_r.py compares every function with R 4.2
on generated data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import special

ALPHA = 0.05  # two-sided significance level and 1 − confidence of every interval


# Beyond these magnitudes sums of squares over- or underflow; scores are rescaled (see _unit).
SMALLEST_UNSCALED, LARGEST_UNSCALED = 2.0**-256, 2.0**256


TOO_LARGE = "a figure would exceed the largest number a double can hold (about 1.8e308)"


Numbers = Sequence[float] | np.ndarray


Matrix = Sequence[Sequence[float]] | np.ndarray


class _Result:
    """Shared by every result: `reason` is None when every figure could be computed. Results
    are frozen dataclasses without slots: cached analyses hold a hundred of them, and pickle
    restores a slotted frozen dataclass through Python code (`_dataclass_setstate`), slowly."""

    __slots__ = ()
    reason: str | None

    @property
    def is_computable(self) -> bool:
        return self.reason is None


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
