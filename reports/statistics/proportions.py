"""Paired right/wrong answers and proportions: McNemar's test, Wilson's interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from reports.statistics.base import ALPHA, _Result

EXACT_MCNEMAR_BELOW = 25  # prefer the exact (binomial) McNemar p when b + c is below this


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
