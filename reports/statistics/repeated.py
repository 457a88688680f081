"""Repeated measures (pre, post, follow-ups): the Friedman test and pairwise Wilcoxon tests,
Holm-adjusted."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy import special

from reports.statistics.adjust import holm
from reports.statistics.base import Matrix, _matrix, _Result
from reports.statistics.paired import Wilcoxon, wilcoxon_signed_rank


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PairwiseWilcoxon:
    """The paired Wilcoxon test of time point `later` − `earlier` (column indexes) and its
    Holm-adjusted p over every pair: R `pairwise.wilcox.test(y, t, paired = TRUE)`."""

    earlier: int
    later: int
    test: Wilcoxon
    p_holm: float | None


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
