"""Items and reliability: KR-20, Cronbach's alpha with Feldt's interval, item facility and
discrimination."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from reports.statistics.base import ALPHA, Matrix, _matrix, _Result, _unit, _variance


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ItemValues(_Result):
    """One value per item (matrix column, in order); `None` where `item_reasons[i]` says why.

    `reason` is set when no item could be computed at all.
    """

    kind: str
    n: int
    values: tuple[float | None, ...]
    item_reasons: tuple[str | None, ...]
    reason: str | None = None


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
