"""reports.statistics against R's documented outputs, published tables and independent
computations (SciPy, exact fractions, the standard library).

Every "R:" value below is R's printed output for the named call, copied with its source, and
compared at the precision printed, so these run without R; test_statistics_r.py runs R itself
on generated data. Everything else is computed independently in the test to 1e-9 or better.
"""

import itertools
import math
import re
import statistics as pystats
from collections import Counter
from dataclasses import fields
from fractions import Fraction

import numpy as np
import pytest
import scipy.stats

from reports.statistics.adjust import holm
from reports.statistics.description import describe, whole_number_mean_sd
from reports.statistics.groups import hedges_g, welch_t
from reports.statistics.items import (
    ItemValues,
    cronbach_alpha,
    item_discrimination,
    item_facility,
    kr20,
)
from reports.statistics.paired import (
    cohens_dav,
    cohens_dz,
    hake_gain,
    paired_t,
    wilcoxon_signed_rank,
)
from reports.statistics.proportions import mcnemar, mcnemar_counts, wilson_interval
from reports.statistics.repeated import friedman, pairwise_wilcoxon
from reports.statistics.wording import (
    format_friedman,
    format_interval,
    format_mcnemar,
    format_number,
    format_p_value,
    format_paired_t,
    format_welch_t,
    format_wilcoxon,
)

# R's `sleep` data (Cushny & Peebles 1905; ?sleep): extra hours of sleep of ten patients
# under drug 1 and drug 2.
SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Hollander & Wolfe (1973), p. 29f: Hamilton depression scale, first (x) and second (y) visit;
# the paired example of R's ?wilcox.test.
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

TIGHT = 1e-9


def assert_no_nan(result):
    """Not-computable figures are None, never NaN."""
    for field in fields(result):
        value = getattr(result, field.name)
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            assert not (isinstance(item, float) and math.isnan(item)), field.name


# ---------------------------------------------------------------------------------------------
# Paired t
# ---------------------------------------------------------------------------------------------


def test_paired_t_matches_r_sleep_example():
    # R ?t.test / ?sleep: with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE))
    #   t = -4.0621, df = 9, p-value = 0.002833
    #   95 percent confidence interval: -2.4598858 -0.7001142
    #   mean difference -1.58
    # Our difference is post − pre, so drug 1 plays "post" to get R's sign.
    result = paired_t(pre=SLEEP_DRUG_2, post=SLEEP_DRUG_1)

    assert result.n == 10
    assert result.df == 9
    assert result.mean_difference == pytest.approx(-1.58, abs=1e-12)
    assert result.t == pytest.approx(-4.0621, abs=5e-5)
    assert result.p_value == pytest.approx(0.002833, abs=5e-7)
    assert result.ci_low == pytest.approx(-2.4598858, abs=5e-8)
    assert result.ci_high == pytest.approx(-0.7001142, abs=5e-8)
    assert result.is_computable


def test_paired_t_equals_scipy_to_full_precision():
    rng = np.random.default_rng(6)
    pre = rng.normal(58, 12, size=22)
    post = pre + rng.normal(16, 9, size=22)
    expected = scipy.stats.ttest_rel(post, pre)
    interval = expected.confidence_interval()

    result = paired_t(pre, post)

    assert result.t == pytest.approx(expected.statistic, rel=TIGHT)
    assert result.p_value == pytest.approx(expected.pvalue, rel=TIGHT)
    assert result.ci_low == pytest.approx(interval.low, rel=TIGHT)
    assert result.ci_high == pytest.approx(interval.high, rel=TIGHT)
    assert result.sd_difference == pytest.approx(pystats.stdev(post - pre), rel=TIGHT)


def test_paired_t_direction_is_post_minus_pre():
    assert paired_t(pre=SLEEP_DRUG_1, post=SLEEP_DRUG_2).t == pytest.approx(4.0621, abs=5e-5)


@pytest.mark.parametrize(
    ("pre", "post", "reason"),
    [
        ([], [], "no pairs"),
        ([50.0], [70.0], "fewer than two pairs"),
        ([50.0, 60.0, 70.0], [50.0, 60.0, 70.0], "all differences are zero"),
        (
            [50.0, 60.0, 70.0],
            [60.0, 70.0, 80.0],
            "every learner changed by the same amount, so t is undefined",
        ),
    ],
)
def test_paired_t_says_why_it_cannot_be_computed(pre, post, reason):
    result = paired_t(pre, post)

    assert result.reason == reason
    assert not result.is_computable
    assert result.t is None
    assert result.p_value is None
    assert result.ci_low is None
    assert_no_nan(result)


def test_paired_t_keeps_the_mean_change_of_a_single_pair():
    result = paired_t([50.0], [70.0])

    assert (result.n, result.mean_difference, result.sd_difference) == (1, 20.0, None)


def test_paired_t_with_two_pairs_uses_one_degree_of_freedom():
    result = paired_t([0.0, 0.0], [1.0, 3.0])
    # mean 2, sd sqrt(2), t = 2 / (sqrt(2)/sqrt(2)) = 2 on 1 df: p = 1 − 2·atan(2)/π.
    assert result.t == pytest.approx(2.0, rel=TIGHT)
    assert result.p_value == pytest.approx(1 - 2 * math.atan(2) / math.pi, rel=TIGHT)


@pytest.mark.parametrize(
    ("pre", "post", "message"),
    [
        ([1.0, 2.0], [1.0], "pre and post must pair up: 2 pre values, 1 post"),
        ([1.0, math.nan], [1.0, 2.0], "pre contains missing or infinite values"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "pre must be a one-dimensional sequence"),
    ],
)
def test_paired_t_rejects_unpaired_or_missing_values(pre, post, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        paired_t(pre, post)


# ---------------------------------------------------------------------------------------------
# Wilcoxon signed rank
# ---------------------------------------------------------------------------------------------


def test_wilcoxon_matches_r_depression_example_exactly():
    # R ?wilcox.test: wilcox.test(x, y, paired = TRUE, alternative = "greater")
    #   V = 40, p-value = 0.01953  (= 10/512: the subsets of ranks 1..9 summing to ≤ 5)
    # R's default two-sided p doubles it: 20/512 = 0.0390625 (printed 0.03906).
    result = wilcoxon_signed_rank(pre=DEPRESSION_Y, post=DEPRESSION_X)

    assert result.v == 40
    assert result.exact is True
    assert result.p_value == pytest.approx(20 / 512, abs=1e-15)
    assert (result.n, result.n_nonzero, result.has_ties) == (9, 9, False)


def test_wilcoxon_reports_v_not_scipys_minimum():
    # SciPy's two-sided statistic is min(V+, V−) = 5; R's V is the positive-rank sum, 40.
    scipy_result = scipy.stats.wilcoxon(np.subtract(DEPRESSION_X, DEPRESSION_Y), method="exact")

    result = wilcoxon_signed_rank(pre=DEPRESSION_Y, post=DEPRESSION_X)

    assert scipy_result.statistic == 5
    assert result.v == 9 * 10 / 2 - 5
    assert result.p_value == pytest.approx(scipy_result.pvalue, rel=TIGHT)


def test_wilcoxon_with_ties_and_a_zero_matches_r_sleep_output():
    # R output of wilcox.test(extra ~ group, data = sleep, paired = TRUE) (R warns "cannot
    # compute exact p-value with ties / with zeroes"), as printed in many R transcripts:
    #   V = 0, p-value = 0.009091
    # By hand: 9 non-zero differences, one tie of two (1.3): sigma² = 9·10·19/24 − (8 − 2)/48,
    # z = (0 − 22.5 + 0.5)/sigma, p = 2Φ(z).
    result = wilcoxon_signed_rank(pre=SLEEP_DRUG_2, post=SLEEP_DRUG_1)
    by_hand = 2 * scipy.stats.norm.cdf((0 - 22.5 + 0.5) / math.sqrt(9 * 10 * 19 / 24 - 6 / 48))

    assert result.v == 0
    assert result.exact is False
    assert (result.n, result.n_nonzero, result.has_ties) == (10, 9, True)
    assert result.p_value == pytest.approx(0.009091, abs=5e-7)
    assert result.p_value == pytest.approx(by_hand, rel=TIGHT)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21, 34, 49])
def test_wilcoxon_exact_p_equals_scipy_exact_without_ties(n):
    rng = np.random.default_rng(n)
    pre = rng.normal(size=n)
    post = pre + rng.normal(0.3, 1, size=n)

    result = wilcoxon_signed_rank(pre, post)

    assert result.exact is True
    expected = scipy.stats.wilcoxon(post - pre, method="exact")
    assert result.p_value == pytest.approx(expected.pvalue, rel=TIGHT)
    positive_rank_sum = scipy.stats.rankdata(np.abs(post - pre))[post - pre > 0].sum()
    assert result.v == positive_rank_sum


@pytest.mark.parametrize("n", [50, 120, 2000])
def test_wilcoxon_uses_corrected_normal_approximation_from_50_pairs(n):
    rng = np.random.default_rng(n)
    pre = rng.normal(size=n)
    post = pre + rng.normal(0.1, 1, size=n)

    result = wilcoxon_signed_rank(pre, post)

    expected = scipy.stats.wilcoxon(post - pre, correction=True, method="asymptotic")
    assert result.exact is False
    assert result.p_value == pytest.approx(expected.pvalue, rel=TIGHT)


def test_wilcoxon_likert_ties_and_zeros_use_the_tie_corrected_approximation():
    # Five-point Likert answers: many ties and zero changes, as in an attitudes scale.
    pre = [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 3, 2, 4]
    post = [4, 4, 3, 5, 3, 3, 4, 4, 4, 4, 5, 3, 3, 5]
    d = np.subtract(post, pre)
    expected = scipy.stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")
    # Independent V: rank |d| of the non-zero differences and sum the positive ones.
    nonzero = d[d != 0]
    expected_v = scipy.stats.rankdata(np.abs(nonzero))[nonzero > 0].sum()

    result = wilcoxon_signed_rank(pre, post)

    assert result.exact is False
    assert result.has_ties is True
    assert (result.n, result.n_nonzero) == (14, 11)
    # |d| = 1 seven times (average rank 4), 2 four times (rank 9.5); one 1 is negative:
    # V = 6·4 + 4·9.5 = 62.
    assert result.v == expected_v == 62.0
    assert result.p_value == pytest.approx(expected.pvalue, rel=TIGHT)


def test_wilcoxon_a_zero_alone_forces_the_approximation_as_in_r():
    # No ties, one zero difference: R still drops the exact test ("cannot compute exact
    # p-value with zeroes"); the remaining differences 1, 2, 3 give V = 6, z = (3 − 0.5)/√3.5.
    result = wilcoxon_signed_rank([0, 0, 0, 0], [0, 1, 2, 3])

    assert (result.exact, result.v, result.n_nonzero) == (False, 6.0, 3)
    assert result.p_value == pytest.approx(2 * scipy.stats.norm.sf(2.5 / math.sqrt(3.5)), rel=TIGHT)


def test_wilcoxon_tiny_samples():
    one = wilcoxon_signed_rank([1.0], [2.0])
    symmetric = wilcoxon_signed_rank([0.0, 0.0], [1.0, -2.0])

    # One positive difference: V = 1, P(V ≥ 1) = 1/2, two-sided p = 1.
    assert (one.v, one.p_value, one.exact) == (1.0, 1.0, True)
    # V = 1 below its mean 1.5: P(V ≤ 1) = 2/4, doubled = 1.
    assert (symmetric.v, symmetric.p_value) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("pre", "post", "reason"),
    [([], [], "no pairs"), ([3, 4, 5], [3, 4, 5], "all differences are zero")],
)
def test_wilcoxon_says_why_it_cannot_be_computed(pre, post, reason):
    result = wilcoxon_signed_rank(pre, post)

    assert result.reason == reason
    assert (result.v, result.p_value) == (None, None)
    assert_no_nan(result)


# ---------------------------------------------------------------------------------------------
# McNemar
# ---------------------------------------------------------------------------------------------


def test_mcnemar_matches_r_performance_example():
    # R ?mcnemar.test, Agresti (1990) p. 350, presidential approval in two surveys:
    #   Performance <- matrix(c(794, 86, 150, 570), nrow = 2)  # filled by column
    #   mcnemar.test(Performance)
    #   McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05
    # Discordant cells: [1, 2] = 150 approve → disapprove, [2, 1] = 86 the reverse.
    result = mcnemar_counts(b=150, c=86)

    assert result.chi2 == pytest.approx(16.818, abs=5e-4)
    assert result.chi2 == pytest.approx(63**2 / 236, rel=TIGHT)
    assert result.p_value == pytest.approx(4.115e-05, abs=5e-9)
    assert result.exact_p_value == pytest.approx(scipy.stats.binomtest(150, 236).pvalue, rel=1e-9)
    assert result.prefers_exact is False


def test_mcnemar_counts_paired_answers():
    # Learner by learner: right/wrong before and after one item.
    pre = [True, True, True, False, False, False, False, True, False, False]
    post = [True, False, True, True, True, True, False, True, True, True]

    result = mcnemar(pre, post)

    assert (result.n, result.b, result.c) == (10, 1, 5)
    assert result.chi2 == pytest.approx((4 - 1) ** 2 / 6, rel=TIGHT)
    assert result.p_value == pytest.approx(scipy.stats.chi2.sf(1.5, 1), rel=TIGHT)
    # Exact: 2·P(X ≤ 1), X ~ Bin(6, 1/2) = 2·7/64.
    assert result.exact_p_value == pytest.approx(14 / 64, rel=TIGHT)
    assert result.prefers_exact is True


@pytest.mark.parametrize(("b", "c"), [(0, 1), (1, 9), (3, 3), (4, 7), (0, 12), (20, 40)])
def test_mcnemar_exact_p_equals_scipy_binomial_test(b, c):
    result = mcnemar_counts(b=b, c=c)

    assert result.exact_p_value == pytest.approx(scipy.stats.binomtest(b, b + c).pvalue, rel=1e-9)


@pytest.mark.parametrize("count", [1, 3, 15])
def test_mcnemar_equal_discordant_counts_skip_the_correction_as_r_does(count):
    # R's mcnemar.test corrects only when any(x - t(x) != 0); with b = c it reports
    #   mcnemar.test(matrix(c(10, 15, 15, 20), 2))  McNemar's chi-squared = 0, df = 1, p-value = 1
    # (the old code subtracted 1 anyway: b = c = 15 gave χ² = 1/30 and p 0.855).
    result = mcnemar_counts(b=count, c=count)

    assert (result.chi2, result.p_value, result.exact_p_value) == (0.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("pre", "post", "pairs"),
    [
        ([1, 0, float("nan"), 1], [0, 1, 1, float("nan")], 2),
        ([1, 0, None, 1, 0], [0, 1, 1, 1, 0], 4),
        ([True, False, True], [False, True, True], 3),
    ],
)
def test_mcnemar_drops_pairs_with_a_missing_answer_as_r_does(pre, post, pairs):
    # R: mcnemar.test(x, y) keeps complete.cases(x, y) only.
    result = mcnemar(pre, post)

    assert (result.n, result.b, result.c) == (pairs, 1, 1)


@pytest.mark.parametrize(
    ("pre", "post", "message"),
    [
        ([1, 2], [1, 0], "answers must be 0 (wrong) or 1 (right); pre_correct holds 2.0"),
        ([1, 0], [0.5, 0], "answers must be 0 (wrong) or 1 (right); post_correct holds 0.5"),
        (
            [1, 0],
            [float("inf"), 0],
            "answers must be 0 (wrong) or 1 (right); post_correct holds inf",
        ),
        ([1, 0, 1], [1, 0], "pre_correct and post_correct must pair up: 3 pre answers, 2 post"),
        ([[1, 0]], [[1, 0]], "pre_correct and post_correct must be one-dimensional sequences"),
    ],
)
def test_mcnemar_rejects_answers_that_are_not_right_or_wrong(pre, post, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        mcnemar(pre, post)


def test_mcnemar_without_discordant_pairs_is_undefined():
    result = mcnemar([True, False, True], [True, False, True])

    assert result.reason == (
        "no learner changed between pre and post (b + c = 0), so the test is undefined"
    )
    assert (result.b, result.c, result.chi2, result.p_value, result.exact_p_value) == (
        0,
        0,
        None,
        None,
        None,
    )
    assert_no_nan(result)


# ---------------------------------------------------------------------------------------------
# Effect sizes and gain
# ---------------------------------------------------------------------------------------------


def test_cohens_dz_on_sleep_data():
    differences = np.subtract(SLEEP_DRUG_2, SLEEP_DRUG_1)
    expected = pystats.mean(differences) / pystats.stdev(differences)

    result = cohens_dz(pre=SLEEP_DRUG_1, post=SLEEP_DRUG_2)

    assert result.kind == "d_z"
    assert result.value == pytest.approx(expected, rel=TIGHT)
    assert result.value == pytest.approx(1.58 / 1.2299954832798732, rel=TIGHT)


def test_cohens_dav_divides_by_the_average_sd():
    expected = (pystats.mean(SLEEP_DRUG_2) - pystats.mean(SLEEP_DRUG_1)) / (
        (pystats.stdev(SLEEP_DRUG_1) + pystats.stdev(SLEEP_DRUG_2)) / 2
    )

    result = cohens_dav(pre=SLEEP_DRUG_1, post=SLEEP_DRUG_2)

    assert result.value == pytest.approx(expected, rel=TIGHT)


@pytest.mark.parametrize(
    ("function", "pre", "post", "reason"),
    [
        (cohens_dz, [1.0], [2.0], "fewer than two pairs"),
        (cohens_dz, [1.0, 2.0], [1.0, 2.0], "all differences are zero"),
        (
            cohens_dz,
            [1.0, 2.0],
            [2.0, 3.0],
            "every learner changed by the same amount, so d_z is undefined",
        ),
        (cohens_dav, [], [], "fewer than two pairs"),
        (cohens_dav, [5.0, 5.0], [7.0, 7.0], "pre and post scores do not vary"),
    ],
)
def test_effect_sizes_say_why_they_cannot_be_computed(function, pre, post, reason):
    result = function(pre, post)

    assert (result.value, result.reason) == (None, reason)


def test_hake_gain_is_the_class_average_normalized_gain():
    assert hake_gain(58.0, 74.0).gain == pytest.approx(16 / 42, rel=TIGHT)
    assert hake_gain(80.0, 70.0).gain == pytest.approx(-0.5, rel=TIGHT)
    assert hake_gain(0.0, 100.0).gain == 1.0


def test_hake_gain_is_undefined_at_a_perfect_pre_test():
    result = hake_gain(100.0, 100.0)

    assert (result.gain, result.reason) == (None, "the pre-test mean is 100 %: no room to gain")


def test_hake_gain_rejects_a_fraction_for_a_percentage():
    with pytest.raises(ValueError, match="between 0 and 100"):
        hake_gain(58.0, 174.0)


# ---------------------------------------------------------------------------------------------
# Reliability and items
# ---------------------------------------------------------------------------------------------

# Six learners × four items, right (1) or wrong (0).
ANSWERS = [
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 1, 1],
    [0, 0, 0, 0],
    [1, 1, 1, 1],
    [1, 0, 0, 1],
]


def exact_kr20(matrix):
    """KR-20 as Kuder & Richardson wrote it, in exact fractions: k/(k−1)·(1 − Σpq/σ²_total),
    with population variances throughout."""
    n, k = len(matrix), len(matrix[0])
    p = [Fraction(sum(row[j] for row in matrix), n) for j in range(k)]
    totals = [sum(row) for row in matrix]
    mean = Fraction(sum(totals), n)
    variance = sum((t - mean) ** 2 for t in totals) / n
    return Fraction(k, k - 1) * (1 - sum(q * (1 - q) for q in p) / variance)


def test_kr20_equals_the_textbook_formula_in_exact_fractions():
    # Totals 3, 2, 3, 0, 4, 2: σ² = 14/9; Σpq = 5/36 + 3·1/4 = 8/9; 4/3·(1 − 8/14) = 4/7.
    expected = exact_kr20(ANSWERS)

    result = kr20(ANSWERS)

    assert expected == Fraction(4, 7)
    assert result.coefficient == pytest.approx(float(expected), rel=TIGHT)
    assert (result.kind, result.n, result.items) == ("KR-20", 6, 4)


def test_kr20_equals_cronbach_alpha_on_binary_answers():
    assert kr20(ANSWERS).coefficient == pytest.approx(
        cronbach_alpha(ANSWERS).coefficient, rel=TIGHT
    )


def exact_alpha(matrix):
    """Cronbach's α from the item covariance matrix, in exact fractions:
    k/(k−1)·(1 − trace(C)/sum(C))."""
    n, k = len(matrix), len(matrix[0])
    means = [Fraction(sum(row[j] for row in matrix), n) for j in range(k)]

    def covariance(a, b):
        return sum((row[a] - means[a]) * (row[b] - means[b]) for row in matrix) / (n - 1)

    trace = sum(covariance(j, j) for j in range(k))
    total = sum(covariance(a, b) for a, b in itertools.product(range(k), repeat=2))
    return Fraction(k, k - 1) * (1 - trace / total)


LIKERT = [
    [4, 5, 4, 3, 4],
    [2, 3, 2, 2, 3],
    [5, 5, 4, 5, 5],
    [3, 3, 3, 2, 2],
    [4, 4, 5, 4, 4],
    [1, 2, 2, 1, 2],
    [3, 4, 3, 3, 4],
    [5, 4, 5, 5, 4],
]


def test_cronbach_alpha_and_feldt_interval():
    expected = exact_alpha(LIKERT)
    n, k = 8, 5
    # Feldt (1965): 1 − (1 − α)·F(1 − a/2; n − 1, (n − 1)(k − 1)) … and F(a/2; …) for the top,
    # as R's psych::alpha.ci.
    low = 1 - (1 - float(expected)) * scipy.stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1))
    high = 1 - (1 - float(expected)) * scipy.stats.f.ppf(0.025, n - 1, (n - 1) * (k - 1))

    result = cronbach_alpha(LIKERT)

    assert result.coefficient == pytest.approx(float(expected), rel=TIGHT)
    assert result.ci_low == pytest.approx(low, rel=TIGHT)
    assert result.ci_high == pytest.approx(high, rel=TIGHT)
    assert result.ci_low < result.coefficient < result.ci_high < 1


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([[1], [0], [1]], "a single item has no reliability"),
        ([[1, 0, 1]], "fewer than two learners"),
        ([[1, 0], [0, 1], [1, 0]], "every learner has the same total score"),
        (np.zeros((0, 3)), "fewer than two learners"),
        ([], "no items"),
    ],
)
def test_reliability_says_why_it_cannot_be_computed(matrix, reason):
    for result in (kr20(matrix), cronbach_alpha(matrix)):
        assert result.reason == reason
        assert (result.coefficient, result.ci_low, result.ci_high) == (None, None, None)
        assert_no_nan(result)


def test_kr20_rejects_answers_that_are_not_right_or_wrong():
    with pytest.raises(ValueError, match="binary"):
        kr20([[1, 2], [0, 1]])


def test_item_facility_is_the_proportion_right():
    result = item_facility(ANSWERS)

    assert result.values == (5 / 6, 3 / 6, 3 / 6, 3 / 6)
    assert result.item_reasons == (None, None, None, None)


def test_item_facility_without_learners():
    result = item_facility(np.zeros((0, 2)))

    assert result == ItemValues(
        "facility", 0, (None, None), ("no learners", "no learners"), "no learners"
    )


def test_item_discrimination_is_the_item_rest_correlation():
    matrix = np.array(ANSWERS, dtype=float)
    expected = [
        np.corrcoef(matrix[:, j], matrix.sum(axis=1) - matrix[:, j])[0, 1] for j in range(4)
    ]

    result = item_discrimination(ANSWERS)

    assert result.values == pytest.approx(expected, rel=TIGHT)
    assert result.is_computable


def test_item_discrimination_flags_items_that_do_not_vary():
    answers = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 1]]

    result = item_discrimination(answers)

    assert result.values[0] is None
    assert result.item_reasons[0] == "every learner answered this item the same way"
    # Item 2's rest (items 1 and 3) does vary: 1, 1, 2, 2 against 1, 0, 1, 0 → r = 0.
    assert result.values[1] == pytest.approx(0.0, abs=1e-12)
    assert result.values[2] == pytest.approx(0.0, abs=1e-12)


def test_item_discrimination_of_a_rest_that_does_not_vary():
    # Item 1 varies but items 2 and 3 add up to 1 for everyone.
    result = item_discrimination([[1, 1, 0], [0, 0, 1], [1, 0, 1]])

    assert result.values[0] is None
    assert result.item_reasons[0] == "the other items' total does not vary"


def test_item_discrimination_of_a_single_item():
    result = item_discrimination([[1], [0]])

    assert result.reason == "a single item has no rest score"
    assert result.values == (None,)
    assert item_discrimination([]).reason == "no items"


def test_negative_discrimination_is_reported_as_negative():
    # Item 3 is answered right only by the weakest learners.
    answers = [[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1], [1, 0, 0]]

    assert item_discrimination(answers).values[2] < 0


# ---------------------------------------------------------------------------------------------
# Proportions, description, multiplicity
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score
        # interval without continuity correction), printed to 4 decimals.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_and_scipy(successes, n, low, high):
    expected = scipy.stats.binomtest(successes, n).proportion_ci(method="wilson")

    result = wilson_interval(successes, n)

    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), abs=5e-5)
    assert result.ci_low == pytest.approx(expected.low, abs=1e-12)
    assert result.ci_high == pytest.approx(expected.high, abs=1e-12)
    assert result.proportion == successes / n


def test_wilson_interval_of_all_successes_reaches_one():
    result = wilson_interval(12, 12)

    assert result.ci_high == 1.0
    assert result.ci_low == pytest.approx(
        scipy.stats.binomtest(12, 12).proportion_ci(method="wilson").low, abs=1e-12
    )


def test_wilson_interval_without_learners():
    result = wilson_interval(0, 0)

    assert (result.proportion, result.ci_low, result.reason) == (
        None,
        None,
        "no learners answered",
    )


def test_describe_uses_r_default_quantiles():
    # R: quantile(1:10) → 1.00 3.25 5.50 7.75 10.00 (type 7: 1 + (n − 1)·p).
    result = describe(range(1, 11))

    assert (result.q1, result.median, result.q3) == (3.25, 5.5, 7.75)
    assert (result.minimum, result.maximum, result.mean) == (1.0, 10.0, 5.5)
    assert result.sd == pytest.approx(pystats.stdev(range(1, 11)), rel=TIGHT)


def test_describe_a_single_value_has_no_sd():
    result = describe([70.0])

    assert (result.mean, result.median, result.sd) == (70.0, 70.0, None)
    assert result.reason == "a single value has no standard deviation"


def test_whole_number_mean_and_sd_are_the_exact_ones_rounded_once():
    ratings = [5, 4, 4, 3, 5, 2, 4, 4]
    exact_mean = Fraction(sum(ratings), len(ratings))
    exact_variance = sum((r - exact_mean) ** 2 for r in ratings) / (len(ratings) - 1)

    mean, sd = whole_number_mean_sd(Counter(ratings))

    assert mean == float(exact_mean) == 3.875
    assert sd == math.sqrt(float(exact_variance))
    assert (mean, sd) == pytest.approx((describe(ratings).mean, describe(ratings).sd), rel=TIGHT)


def test_whole_number_mean_of_one_value_has_no_sd_and_other_values_are_refused():
    assert whole_number_mean_sd(Counter([4])) == (4.0, None)
    with pytest.raises(ValueError, match="whole numbers"):
        whole_number_mean_sd(Counter([4.5, 3]))
    with pytest.raises(ValueError, match="whole numbers"):
        whole_number_mean_sd(Counter())


def test_holm_matches_its_definition():
    # Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → max(0.06, 0.04) = 0.06.
    adjusted = holm([0.01, 0.04, None, 0.03, 0.005])

    assert adjusted == pytest.approx([0.03, 0.06, None, 0.06, 0.02], rel=TIGHT)
    assert holm([]) == ()
    assert holm([0.6, 0.7]) == (1.0, 1.0)


# ---------------------------------------------------------------------------------------------
# Wording
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p_value", "text"),
    [
        (0.0000412, "p < 0.001"),
        (0.001, "p = 0.001"),
        (0.002833, "p = 0.003"),
        (0.0496, "p = 0.0496"),
        (0.0504, "p = 0.050"),
        (0.5, "p = 0.500"),
        (1.0, "p > 0.999"),
        (None, "p not computable"),
    ],
)
def test_format_p_value(p_value, text):
    assert format_p_value(p_value) == text


def test_summary_sentences():
    t = paired_t(pre=SLEEP_DRUG_1, post=SLEEP_DRUG_2)
    dz = cohens_dz(pre=SLEEP_DRUG_1, post=SLEEP_DRUG_2)
    assert format_paired_t(t, dz) == "paired t(9) = 4.06, p = 0.003, d_z = 1.28"
    assert format_paired_t(t, dz, digits=1) == "paired t(9) = 4.1, p = 0.003, d_z = 1.3"
    assert format_interval(t.ci_low, t.ci_high) == "95 % CI [0.70, 2.46]"
    assert (
        format_paired_t(paired_t([1.0], [2.0])) == "paired t not computable: fewer than two pairs"
    )
    assert (
        format_wilcoxon(wilcoxon_signed_rank(DEPRESSION_Y, DEPRESSION_X))
        == "Wilcoxon V = 40, p = 0.039 (exact)"
    )
    assert (
        format_wilcoxon(wilcoxon_signed_rank(SLEEP_DRUG_2, SLEEP_DRUG_1))
        == "Wilcoxon V = 0, p = 0.009 (normal approximation)"
    )
    assert format_mcnemar(mcnemar_counts(b=150, c=86)) == "McNemar χ²(1) = 16.82, p < 0.001"
    assert (
        format_mcnemar(mcnemar_counts(b=1, c=5)) == "exact McNemar test (b = 1, c = 5), p = 0.219"
    )
    assert format_mcnemar(mcnemar_counts(b=0, c=0)).startswith("McNemar test not computable")
    assert format_number(-0.001) == "0.00"
    assert format_interval(None, 1.0) == ""


def test_follow_up_and_comparison_sentences():
    welch = welch_t(SLEEP_GROUP_1, SLEEP_GROUP_2)
    g = hedges_g(SLEEP_GROUP_1, SLEEP_GROUP_2)

    assert (
        format_friedman(friedman(ROUNDING_TIMES))
        == "Friedman χ²(2) = 11.14, p = 0.004 (22 learners)"
    )
    assert format_friedman(friedman([[1.0, 2.0]])) == (
        "Friedman test not computable: fewer than two learners"
    )
    assert format_welch_t(welch) == "Welch t(17.8) = -1.86, p = 0.079"
    assert (
        format_welch_t(welch, g)
        == "Welch t(17.8) = -1.86, p = 0.079, g = -0.80, 95 % CI [-1.67, 0.08]"
    )
    assert format_welch_t(welch_t([1.0], [2.0, 3.0])) == (
        "Welch t-test not computable: fewer than two values in the first group"
    )


def test_every_edge_case_returns_a_result_without_nan():
    empty, one = [], [1.0]
    flat = [2.0, 2.0, 2.0]
    results = [
        paired_t(empty, empty),
        paired_t(one, one),
        paired_t(flat, flat),
        wilcoxon_signed_rank(empty, empty),
        wilcoxon_signed_rank(flat, flat),
        cohens_dz(flat, flat),
        cohens_dav(flat, flat),
        mcnemar([], []),
        kr20([[1]]),
        kr20([[1, 1], [1, 1]]),
        cronbach_alpha([[3, 3], [3, 3]]),
        item_facility(np.zeros((0, 2))),
        item_discrimination([[1, 0]]),
        item_discrimination([[1, 1], [1, 1]]),
        wilson_interval(0, 0),
        describe(empty),
        describe(one),
        hake_gain(100.0, 90.0),
    ]
    for result in results:
        assert_no_nan(result)
        assert not result.is_computable, result
        assert result.reason


# ---------------------------------------------------------------------------------------------
# Repeated measures and independent groups
# ---------------------------------------------------------------------------------------------

# R ?friedman.test: Hollander & Wolfe (1973), p. 140ff, times of 22 players rounding first base
# by three methods (round out, narrow angle, wide angle).
ROUNDING_TIMES = np.reshape(
    [5.40, 5.50, 5.55, 5.85, 5.70, 5.75, 5.20, 5.60, 5.50, 5.55, 5.50, 5.40, 5.90, 5.85, 5.70,
     5.45, 5.55, 5.60, 5.40, 5.40, 5.35, 5.45, 5.50, 5.35, 5.25, 5.15, 5.00, 5.85, 5.80, 5.70,
     5.25, 5.20, 5.10, 5.65, 5.55, 5.45, 5.60, 5.35, 5.45, 5.05, 5.00, 4.95, 5.50, 5.50, 5.40,
     5.45, 5.55, 5.50, 5.55, 5.55, 5.35, 5.45, 5.50, 5.55, 5.50, 5.45, 5.25, 5.65, 5.60, 5.40,
     5.70, 5.65, 5.55, 6.30, 6.30, 6.25],
    (22, 3),
)  # fmt: skip
SLEEP_GROUP_1, SLEEP_GROUP_2 = SLEEP_DRUG_1, SLEEP_DRUG_2


def test_friedman_matches_r_rounding_times_example():
    # R 4.2.2: friedman.test(RoundingTimes)
    #   Friedman chi-squared = 11.143, df = 2, p-value = 0.003805
    #   (print(digits = 15): 11.1428571428571, 0.00380504077551136)
    result = friedman(ROUNDING_TIMES)

    assert (result.n, result.k, result.df) == (22, 3, 2)
    assert result.chi2 == pytest.approx(11.1428571428571, rel=1e-12)
    assert result.p_value == pytest.approx(0.00380504077551136, rel=1e-12)


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([[1.0, 2.0, 3.0]], "fewer than two learners"),
        ([[2.0, 2.0], [3.0, 3.0]], "every learner has the same score at every time point"),
    ],
)
def test_friedman_says_why_it_cannot_be_computed(matrix, reason):
    result = friedman(matrix)

    assert (result.chi2, result.p_value, result.reason) == (None, None, reason)


def test_friedman_needs_two_time_points():
    with pytest.raises(ValueError, match="expected at least two time points"):
        friedman([[1.0], [2.0]])


def test_pairwise_wilcoxon_matches_r_holm_table():
    # R 4.2.2: pairwise.wilcox.test(c(RoundingTimes), col(RoundingTimes), paired = TRUE,
    #   p.adjust.method = "holm")$p.value (digits = 15):
    #     2  0.3665209987984313  NA
    #     3  0.0292636851672066  0.0057853929086463
    pairs = pairwise_wilcoxon(ROUNDING_TIMES)

    assert [(pair.earlier, pair.later) for pair in pairs] == [(0, 1), (0, 2), (1, 2)]
    assert [pair.p_holm for pair in pairs] == pytest.approx(
        [0.3665209987984313, 0.0292636851672066, 0.0057853929086463], rel=1e-12
    )
    assert pairs[0].test == wilcoxon_signed_rank(ROUNDING_TIMES[:, 0], ROUNDING_TIMES[:, 1])


def test_welch_t_matches_r_sleep_example():
    # R 4.2.2: t.test(extra[group == 1], extra[group == 2]) on ?sleep
    #   t = -1.8608, df = 17.776, p-value = 0.07939, 95 % CI -3.3654832 0.2054832
    result = welch_t(SLEEP_GROUP_1, SLEEP_GROUP_2)

    assert (result.n_first, result.n_second) == (10, 10)
    assert result.mean_difference == pytest.approx(0.75 - 2.33, rel=1e-12)
    assert result.t == pytest.approx(-1.8608134674868531, rel=1e-12)
    assert result.df == pytest.approx(17.7764735161784984, rel=1e-12)
    assert result.p_value == pytest.approx(0.0793941401873582, rel=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (-3.3654832307117104, 0.2054832307117102), rel=1e-12
    )


def test_hedges_g_equals_its_formula_computed_in_r():
    # R 4.2.2 on ?sleep's groups, by the formula in hedges_g's docstring (R has no base function):
    #   d = -0.8321810813495396, J = 0.9576464270237195, g = -0.7969352391911219,
    #   95 % CI [-1.6719115015576531, 0.0780410231754094]
    result = hedges_g(SLEEP_GROUP_1, SLEEP_GROUP_2)

    expected = (-0.8321810813495396, 0.9576464270237195, -0.7969352391911219)
    assert (result.d, result.correction, result.value) == pytest.approx(expected, rel=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (-1.6719115015576531, 0.0780410231754094), rel=1e-12
    )


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ([1.0], [1.0, 2.0], "fewer than two values in the first group"),
        ([1.0, 2.0], [3.0], "fewer than two values in the second group"),
        ([0.7, 0.7, 0.7], [0.1, 0.1], "neither group's scores vary"),
    ],
)
def test_group_comparisons_say_why_they_cannot_be_computed(first, second, reason):
    welch, g = welch_t(first, second), hedges_g(first, second)

    assert (welch.t, welch.p_value, welch.reason) == (None, None, reason)
    assert (g.value, g.ci_low, g.reason) == (None, None, reason)
    assert_no_nan(welch)
    assert_no_nan(g)


# ---------------------------------------------------------------------------------------------
# Magnitudes near the limits of double precision
# ---------------------------------------------------------------------------------------------

ORDINARY = ([0.0, 0.0, 0.0, 1.0], [1.0, 2.0, 4.0, 2.5])


@pytest.mark.parametrize("unit", [1e-200, 1e200, 2.0**-1000, 2.0**1000])
def test_extreme_magnitudes_give_the_figures_of_rescaled_scores(unit):
    # t, p, d and α do not depend on the unit of the scores; the old code squared 1e200
    # into inf (t = 0, p = 1, α NaN) and 1e-200 into 0 ("every learner changed by the same
    # amount").
    pre, post = (np.array(values) * unit for values in ORDINARY)
    plain_t, scaled_t = paired_t(*ORDINARY), paired_t(pre, post)
    plain_alpha = cronbach_alpha(np.column_stack(ORDINARY))
    scaled_alpha = cronbach_alpha(np.column_stack((pre, post)))
    plain, scaled = describe(ORDINARY[1]), describe(post)

    assert (scaled_t.t, scaled_t.p_value) == pytest.approx((plain_t.t, plain_t.p_value), rel=1e-12)
    assert scaled_t.mean_difference == pytest.approx(plain_t.mean_difference * unit, rel=1e-12)
    assert scaled_t.ci_low == pytest.approx(plain_t.ci_low * unit, rel=1e-12)
    assert cohens_dz(pre, post).value == pytest.approx(cohens_dz(*ORDINARY).value, rel=1e-12)
    assert cohens_dav(pre, post).value == pytest.approx(cohens_dav(*ORDINARY).value, rel=1e-12)
    assert scaled_alpha.coefficient == pytest.approx(plain_alpha.coefficient, rel=1e-12)
    assert (scaled.mean, scaled.sd, scaled.q1) == pytest.approx(
        (plain.mean * unit, plain.sd * unit, plain.q1 * unit), rel=1e-12
    )


def test_differences_beyond_the_largest_double_are_not_computable():
    huge = np.finfo(float).max
    pre, post = [-huge, 0.0, -huge / 2], [huge, 1.0, huge]
    halved = paired_t(np.divide(pre, 2), np.divide(post, 2))

    result = paired_t(pre, post)

    assert result.reason == (
        "a figure would exceed the largest number a double can hold (about 1.8e308)"
    )
    assert (result.mean_difference, result.sd_difference) == (None, None)
    assert (result.t, result.p_value) == (halved.t, halved.p_value)
    assert_no_nan(result)
    assert wilcoxon_signed_rank(pre, post).v == 6.0
