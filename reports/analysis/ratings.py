"""Ratings on a 1-5 scale summarised, suppressed below the small-cell limit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reports.analysis.data import MIN_CELL, SMALL_CELL_REASON
from reports.statistics.description import whole_number_mean_sd


@dataclass(frozen=True)
class RatingSummary:
    n: int
    suppressed: str | None
    mean: float | None
    sd: float | None
    counts: tuple[int, ...]


def rating_summary(values, levels: int = 5) -> RatingSummary:
    counts = Counter(values)
    n = len(values)
    if n < MIN_CELL:
        return RatingSummary(n, SMALL_CELL_REASON if n else "no ratings", None, None, ())
    mean, sd = whole_number_mean_sd(counts)
    return RatingSummary(n, None, mean, sd, tuple(counts[v] for v in range(1, levels + 1)))
