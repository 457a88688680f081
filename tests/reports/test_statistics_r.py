"""reports.statistics against R 4.2 itself: Hypothesis generates datasets (fixed seed, bounded
count) with ties, zeros, all-zero differences, n on both sides of R's exact/normal Wilcoxon
switch, b = c, constant items, one item, one learner and magnitudes near the float limits; one
`Rscript` per test runs R's own functions on the whole batch (tests/reports/r_oracle.py) and
every figure must equal R's to 1e-9 absolute or 1e-6 relative.

Where R works in the scores' unit and would overflow (a sum of squares of 1e300), R runs on the
scores divided by a power of two and multiplies figures with a unit back, as the module does:
t, p, d and α do not depend on the unit. Figures that accompany a test (its df, V, the exact
flag) are compared when the test itself could be computed.
"""

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reports.statistics.adjust import holm
from reports.statistics.description import describe, whole_number_mean_sd
from reports.statistics.groups import hedges_g, welch_t
from reports.statistics.items import cronbach_alpha, item_discrimination, item_facility, kr20
from reports.statistics.paired import (
    cohens_dav,
    cohens_dz,
    hake_gain,
    paired_t,
    wilcoxon_signed_rank,
)
from reports.statistics.proportions import mcnemar, wilson_interval
from reports.statistics.repeated import friedman, pairwise_wilcoxon
from tests.markers import requires_rscript
from tests.reports.r_oracle import SMALLEST_NORMAL, assert_equals_r, run_r

pytestmark = [pytest.mark.r_oracle, requires_rscript]

EXAMPLES = 200  # generated datasets per test, on top of the hand-picked edge cases


def generated(strategy, count: int = EXAMPLES) -> list:
    """`count` examples of `strategy`, the same ones on every run."""
    examples = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example):
        examples.append(example)

    collect()
    return examples


def compare(figures_r: str, datasets: list[dict], ours, tmp_path) -> None:
    for dataset, r in zip(datasets, run_r(figures_r, datasets, tmp_path), strict=True):
        assert_equals_r(ours(dataset), r, dataset)


def when(computed, figures: dict) -> dict:
    """Figures that accompany a test, kept only when the test could be computed."""
    return figures if computed else {}


# ---------------------------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------------------------

# Mostly ordinary scores; sometimes tiny or huge ones (1e305 · 1000 differences overflow).
UNITS = st.sampled_from([1.0] * 8 + [1e-300, 2.0**-700, 1e-150, 1e150, 2.0**700, 1e300, 1e305])
KINDS = ("likert", "counts", "percent", "tenths", "real")
SIZES = st.one_of(st.integers(1, 12), st.integers(13, 49), st.integers(50, 80))


def in_unit(values, unit: float) -> list[float]:
    """Scores times `unit`, with results below the smallest normal double flushed to zero."""
    scaled = np.asarray(values, dtype=float) * unit
    return np.where(np.abs(scaled) < SMALLEST_NORMAL, 0.0, scaled).tolist()


def element(kind: str, items: int):
    return {
        "likert": st.integers(1, 5),
        "counts": st.integers(0, items),
        # Percent scores come from divisions, so equal gains need not be equal floats.
        "percent": st.integers(0, items).map(lambda right: 100 * right / items),
        "tenths": st.integers(-50, 50).map(lambda tenths: tenths / 10),
        "real": st.floats(-1000, 1000, allow_nan=False, allow_subnormal=False),
    }[kind]


@st.composite
def paired_scores(draw):
    n, kind, items = draw(SIZES), draw(st.sampled_from(KINDS)), draw(st.integers(1, 12))
    pre = draw(st.lists(element(kind, items), min_size=n, max_size=n))
    shape = draw(st.sampled_from(["independent", "gain", "gain", "shifted", "same"]))
    if shape == "independent":
        post = draw(st.lists(element(kind, items), min_size=n, max_size=n))
    elif shape == "gain":
        gains = draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
        post = [
            value + gain * (100 / items if kind == "percent" else 1)
            for value, gain in zip(pre, gains, strict=True)
        ]
    elif shape == "shifted":
        shift = draw(element(kind, items))
        post = [value + shift for value in pre]
    else:
        post = list(pre)
    unit = draw(UNITS)
    return {"pre": in_unit(pre, unit), "post": in_unit(post, unit)}


@st.composite
def score_matrices(draw, *, binary: bool):
    n, items = draw(st.integers(1, 40)), draw(st.integers(1, 12))
    kind = "binary" if binary else draw(st.sampled_from(("likert", "tenths", "real")))
    cell = st.integers(0, 1) if binary else element(kind, items)
    rows = draw(st.lists(st.lists(cell, min_size=items, max_size=items), min_size=n, max_size=n))
    if draw(st.booleans()):  # a constant item
        column = draw(st.integers(0, items - 1))
        for row in rows:
            row[column] = rows[0][column]
    unit = 1.0 if binary else draw(UNITS)
    return {"values": in_unit(np.ravel(rows), unit), "ncol": [float(items)]}


@st.composite
def repeated_scores(draw):
    n, k = draw(st.integers(1, 60)), draw(st.integers(2, 5))
    kind = draw(st.sampled_from(("likert", "counts", "real")))
    rows = draw(
        st.lists(st.lists(element(kind, 10), min_size=k, max_size=k), min_size=n, max_size=n)
    )
    if draw(st.integers(0, 4)) == 0:  # some or all learners the same at every time point
        flat = draw(st.integers(1, n))
        rows[:flat] = [[row[0]] * k for row in rows[:flat]]
    return {"values": np.ravel(rows).astype(float).tolist(), "ncol": [float(k)]}


@st.composite
def two_groups(draw):
    kind = draw(st.sampled_from(KINDS))
    first = draw(st.lists(element(kind, 10), min_size=1, max_size=60))
    second = draw(st.lists(element(kind, 10), min_size=1, max_size=60))
    if draw(st.integers(0, 5)) == 0:
        first = [first[0]] * len(first)
    unit = draw(UNITS)
    return {"first": in_unit(first, unit), "second": in_unit(second, unit)}


@st.composite
def paired_answers(draw):
    # Learners right both times, right → wrong (b), wrong → right (c), wrong both times, and
    # pairs with a missing answer; b = c often, as R then drops the continuity correction.
    both, b, neither = draw(st.integers(0, 30)), draw(st.integers(0, 40)), draw(st.integers(0, 30))
    c = b if draw(st.booleans()) else draw(st.integers(0, 40))
    missing = draw(
        st.lists(
            st.sampled_from([(math.nan, 1.0), (0.0, math.nan), (math.nan, math.nan)]), max_size=5
        )
    )
    pairs = (
        [(1.0, 1.0)] * both + [(1.0, 0.0)] * b + [(0.0, 1.0)] * c + [(0.0, 0.0)] * neither + missing
    )
    pairs = draw(st.permutations(pairs))
    return {"pre": [pre for pre, _ in pairs], "post": [post for _, post in pairs]}


# ---------------------------------------------------------------------------------------------
# Paired scores: t-test, Wilcoxon, d_z, d_av
# ---------------------------------------------------------------------------------------------

PAIRED_EDGES = [
    {"pre": [0.0, 2.0, 3.0, 4.0, 5.0], "post": [1.0, 3.0, 4.0, 5.0, 6.0]},  # equal gains tie
    {"pre": [100 * s / 7 for s in (0, 2, 3, 4, 5)], "post": [100 * s / 7 for s in (1, 3, 4, 5, 6)]},
    {"pre": [3.0, 4.0, 5.0], "post": [3.0, 4.0, 5.0]},  # all differences zero
    {"pre": [1.0], "post": [2.0]},  # one learner
    {"pre": [0.0, 0.0, 0.0], "post": [1e200, 2e200, 4e200]},
    {"pre": [-1.7e308, 0.0, -8e307], "post": [1.7e308, 1.0, 1.7e308]},  # differences overflow
]

PAIRED_R = """
figures <- function(d) {
  u <- unit(d$pre, d$post)
  x <- d$post / u; y <- d$pre / u; difference <- x - y
  nonzero <- difference[difference != 0]
  ranks <- rank(abs(nonzero))
  c(list(n = length(difference), mean = mean(difference) * u, sd = sd(difference) * u,
         n_nonzero = length(nonzero), has_ties = length(ranks) != length(unique(ranks)),
         dav = mean(difference) / ((sd(x) + sd(y)) / 2)),
    attempt({
      tt <- t.test(x, y, paired = TRUE)
      list(t = tt$statistic, df = tt$parameter, p = tt$p.value, low = tt$conf.int[1] * u,
           high = tt$conf.int[2] * u, dz = tt$statistic / sqrt(length(difference)))
    }),
    attempt({
      w <- wilcox.test(x, y, paired = TRUE)
      list(v = w$statistic, wilcoxon_p = w$p.value, exact = grepl("exact", w$method))
    }))
}
"""


def paired_figures(dataset: dict) -> dict:
    pre, post = dataset["pre"], dataset["post"]
    t, w = paired_t(pre, post), wilcoxon_signed_rank(pre, post)
    figures = {
        "n": t.n,
        "mean": t.mean_difference,
        "sd": t.sd_difference,
        "t": t.t,
        "p": t.p_value,
        "low": t.ci_low,
        "high": t.ci_high,
        "dz": cohens_dz(pre, post).value,
        "dav": cohens_dav(pre, post).value,
        "wilcoxon_p": w.p_value,
        **when(t.t is not None, {"df": t.df}),
        **when(w.is_computable, {"v": w.v, "exact": w.exact}),
    }
    if not math.isinf(max(map(abs, pre + post), default=0.0) * 2):
        figures |= {"n_nonzero": w.n_nonzero, "has_ties": w.has_ties}
    return figures


def test_paired_t_wilcoxon_and_effect_sizes_equal_r(tmp_path):
    datasets = PAIRED_EDGES + generated(paired_scores())

    compare(PAIRED_R, datasets, paired_figures, tmp_path)


# ---------------------------------------------------------------------------------------------
# McNemar
# ---------------------------------------------------------------------------------------------

MCNEMAR_R = """
figures <- function(d) {
  ok <- complete.cases(d$pre, d$post)
  table <- table(factor(d$pre[ok], levels = 0:1), factor(d$post[ok], levels = 0:1))
  b <- table[2, 1]; c <- table[1, 2]
  c(list(n = sum(ok), b = b, c = c),
    attempt({
      m <- mcnemar.test(table)
      list(chi2 = m$statistic, p = m$p.value, exact_p = binom.test(b, b + c)$p.value)
    }))
}
"""


def mcnemar_figures(dataset: dict) -> dict:
    result = mcnemar(dataset["pre"], dataset["post"])
    return {
        "n": result.n,
        "b": result.b,
        "c": result.c,
        "chi2": result.chi2,
        "p": result.p_value,
        "exact_p": result.exact_p_value,
    }


def test_mcnemar_equals_r(tmp_path):
    edges = [
        {"pre": [1.0] * 15 + [0.0] * 15, "post": [0.0] * 15 + [1.0] * 15},  # b = c = 15
        {"pre": [1.0, 0.0, 1.0], "post": [1.0, 0.0, 1.0]},  # b + c = 0
        {"pre": [], "post": []},
    ]

    compare(MCNEMAR_R, edges + generated(paired_answers()), mcnemar_figures, tmp_path)


# ---------------------------------------------------------------------------------------------
# Items and reliability
# ---------------------------------------------------------------------------------------------

RELIABILITY_R = """
figures <- function(d) {
  m <- matrix(d$values, ncol = d$ncol, byrow = TRUE)
  m <- m / unit(m)
  n <- nrow(m); k <- ncol(m)
  alpha <- k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))
  df1 <- n - 1; df2 <- (n - 1) * (k - 1)
  figures <- list(n = n, items = k, alpha = alpha, low = 1 - (1 - alpha) * qf(0.975, df1, df2),
                  high = 1 - (1 - alpha) * qf(0.025, df1, df2))
  for (j in seq_len(k)) {
    figures[[paste0("facility_", j)]] <- mean(m[, j])
    figures[[paste0("discrimination_", j)]] <- cor(m[, j], rowSums(m[, -j, drop = FALSE]))
  }
  figures
}
"""


def reliability_figures(dataset: dict, *, binary: bool) -> dict:
    matrix = np.reshape(dataset["values"], (-1, int(dataset["ncol"][0])))
    result = kr20(matrix) if binary else cronbach_alpha(matrix)
    figures = {
        "n": result.n,
        "items": result.items,
        "alpha": result.coefficient,
        "low": result.ci_low,
        "high": result.ci_high,
    }
    if binary:
        for name, items in (
            ("facility", item_facility(matrix)),
            ("discrimination", item_discrimination(matrix)),
        ):
            figures |= {f"{name}_{index}": value for index, value in enumerate(items.values, 1)}
    return figures


@pytest.mark.parametrize("binary", [True, False], ids=["kr20-items", "cronbach"])
def test_reliability_and_items_equal_r(tmp_path, binary):
    edges = [
        {"values": [1.0, 0.0, 1.0], "ncol": [1.0]},  # one item
        {"values": [1.0, 0.0, 1.0, 1.0], "ncol": [4.0]},  # one learner
        {"values": [1.0, 1.0, 0.0, 0.0], "ncol": [2.0]},  # same total
    ]
    datasets = edges + generated(score_matrices(binary=binary))

    compare(
        RELIABILITY_R,
        datasets,
        lambda dataset: reliability_figures(dataset, binary=binary),
        tmp_path,
    )


# ---------------------------------------------------------------------------------------------
# Repeated measures: Friedman and pairwise Wilcoxon with Holm
# ---------------------------------------------------------------------------------------------

REPEATED_R = """
figures <- function(d) {
  m <- matrix(d$values, ncol = d$ncol, byrow = TRUE)
  k <- ncol(m)
  figures <- c(list(n = nrow(m), k = k), attempt({
    f <- friedman.test(m)
    list(chi2 = f$statistic, df = f$parameter, p = f$p.value)
  }))
  holm <- pairwise.wilcox.test(c(m), col(m), paired = TRUE, p.adjust.method = "holm")$p.value
  for (j in 1:(k - 1)) for (i in (j + 1):k) {
    w <- wilcox.test(m[, i], m[, j], paired = TRUE)
    pair <- sprintf("%d_%d", j - 1, i - 1)
    figures[[paste0("v_", pair)]] <- if (is.na(w$p.value)) NA else w$statistic
    figures[[paste0("p_", pair)]] <- w$p.value
    figures[[paste0("holm_", pair)]] <- holm[i - 1, j]
  }
  figures
}
"""


def repeated_figures(dataset: dict) -> dict:
    matrix = np.reshape(dataset["values"], (-1, int(dataset["ncol"][0])))
    result = friedman(matrix)
    figures = {
        "n": result.n,
        "k": result.k,
        "chi2": result.chi2,
        "p": result.p_value,
        **when(result.is_computable, {"df": result.df}),
    }
    for pair in pairwise_wilcoxon(matrix):
        name = f"{pair.earlier}_{pair.later}"
        figures |= {
            f"v_{name}": pair.test.v,
            f"p_{name}": pair.test.p_value,
            f"holm_{name}": pair.p_holm,
        }
    return figures


def test_friedman_and_pairwise_wilcoxon_equal_r(tmp_path):
    edges = [
        {"values": [3.0, 3.0, 3.0, 2.0, 2.0, 2.0], "ncol": [3.0]},  # nobody changes
        {"values": [1.0, 2.0, 3.0], "ncol": [3.0]},  # one learner
        {"values": [1.0, 2.0, 2.0, 1.0, 3.0, 3.0, 2.0, 2.0, 2.0], "ncol": [3.0]},
    ]

    compare(REPEATED_R, edges + generated(repeated_scores()), repeated_figures, tmp_path)


# ---------------------------------------------------------------------------------------------
# Independent groups: Welch's t and Hedges' g
# ---------------------------------------------------------------------------------------------

# R has no base function for Hedges' g: the reference is its formula written in R.
GROUPS_R = """
figures <- function(d) {
  u <- unit(d$first, d$second)
  x <- d$first / u; y <- d$second / u
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2
  pooled <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / df)
  effect <- (mean(x) - mean(y)) / pooled
  j <- exp(lgamma(df / 2) - lgamma((df - 1) / 2)) / sqrt(df / 2)
  se <- j * sqrt((n1 + n2) / (n1 * n2) + effect^2 / (2 * (n1 + n2)))
  c(list(d = effect, j = if (is.finite(effect)) j else NA, g = j * effect,
         g_low = j * effect - qnorm(0.975) * se, g_high = j * effect + qnorm(0.975) * se),
    attempt({
      tt <- t.test(x, y)
      list(t = tt$statistic, df = tt$parameter, p = tt$p.value,
           difference = (tt$estimate[[1]] - tt$estimate[[2]]) * u,
           low = tt$conf.int[1] * u, high = tt$conf.int[2] * u)
    }))
}
"""


def groups_figures(dataset: dict) -> dict:
    t, g = (
        welch_t(dataset["first"], dataset["second"]),
        hedges_g(dataset["first"], dataset["second"]),
    )
    return {
        "t": t.t,
        "df": t.df,
        "p": t.p_value,
        "difference": t.mean_difference,
        "low": t.ci_low,
        "high": t.ci_high,
        "d": g.d,
        "j": g.correction,
        "g": g.value,
        "g_low": g.ci_low,
        "g_high": g.ci_high,
    }


def test_welch_t_and_hedges_g_equal_r(tmp_path):
    edges = [
        {"first": [1.0], "second": [1.0, 2.0, 3.0]},
        {"first": [2.0, 2.0, 2.0], "second": [2.0, 2.0]},  # neither varies
        {"first": [2.0, 2.0, 2.0], "second": [1.0, 3.0]},
        {"first": [1e300, 1.7e308], "second": [-1.7e308, 0.0]},  # the difference overflows
    ]

    compare(GROUPS_R, edges + generated(two_groups()), groups_figures, tmp_path)


# ---------------------------------------------------------------------------------------------
# Proportions, description, normalized gain, Holm
# ---------------------------------------------------------------------------------------------

DESCRIBE_R = """
figures <- function(d) {
  x <- d$values; u <- unit(x)
  list(n = length(x), mean = mean(x), sd = sd(x / u) * u, median = median(x),
       q1 = quantile(x, 0.25, names = FALSE), q3 = quantile(x, 0.75, names = FALSE),
       minimum = min(x), maximum = max(x))
}
"""


def test_describe_equals_r(tmp_path):
    values = paired_scores().map(lambda dataset: {"values": dataset["pre"] + dataset["post"]})
    edges = [{"values": [4.0]}, {"values": [1.7e308, -1.7e308, 1.7e308]}]

    def ours(dataset):
        result = describe(dataset["values"])
        names = ("n", "mean", "sd", "median", "q1", "q3", "minimum", "maximum")
        return {name: getattr(result, name) for name in names}

    compare(DESCRIBE_R, edges + generated(values), ours, tmp_path)


RATINGS_R = """
figures <- function(d) list(mean = mean(d$values), sd = sd(d$values))
"""


def test_whole_number_mean_and_sd_equal_r(tmp_path):
    ratings = st.lists(st.integers(1, 5), min_size=1, max_size=400)
    edges = [{"values": [4]}, {"values": [5] * 7}]

    def ours(dataset):
        mean, sd = whole_number_mean_sd(Counter(dataset["values"]))
        return {"mean": mean, "sd": sd}

    compare(RATINGS_R, edges + generated(ratings.map(lambda r: {"values": r})), ours, tmp_path)


PROPORTION_R = """
figures <- function(d) {
  interval <- prop.test(d$successes, d$n, correct = FALSE)$conf.int
  list(proportion = d$successes / d$n, low = interval[1], high = interval[2],
       gain = (d$post - d$pre) / (100 - d$pre))
}
"""


@st.composite
def proportions(draw):
    n = draw(st.one_of(st.integers(1, 10), st.integers(11, 5000)))
    successes = draw(st.one_of(st.sampled_from([0, n]), st.integers(0, n)))
    pre = draw(st.one_of(st.just(100.0), st.floats(0, 100, allow_subnormal=False)))
    post = draw(st.floats(0, 100, allow_subnormal=False))
    return {"successes": [float(successes)], "n": [float(n)], "pre": [pre], "post": [post]}


def test_wilson_interval_and_hake_gain_equal_r(tmp_path):
    def ours(dataset):
        result = wilson_interval(int(dataset["successes"][0]), int(dataset["n"][0]))
        gain = hake_gain(dataset["pre"][0], dataset["post"][0])
        return {
            "proportion": result.proportion,
            "low": result.ci_low,
            "high": result.ci_high,
            "gain": gain.gain,
        }

    compare(PROPORTION_R, generated(proportions()), ours, tmp_path)


HOLM_R = """
figures <- function(d) {
  adjusted <- p.adjust(d$p, "holm")
  setNames(as.list(adjusted), paste0("p_", seq_along(adjusted)))
}
"""

P_VALUES = st.one_of(
    st.none(), st.sampled_from([0.0, 1.0, 0.05, 0.01]), st.floats(0, 1, allow_subnormal=False)
)


def test_holm_equals_r(tmp_path):
    datasets = generated(st.lists(P_VALUES, min_size=1, max_size=20).map(lambda p: {"p": p}))

    def ours(dataset):
        return {f"p_{index}": value for index, value in enumerate(holm(dataset["p"]), 1)}

    compare(HOLM_R, datasets, ours, tmp_path)
