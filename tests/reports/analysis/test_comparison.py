"""The comparison group in the course evaluation, from arrays, without a database."""

from datetime import date

import pytest

from reports.analysis.comparison import CAVEAT
from reports.analysis.course import analyse
from reports.analysis.data import CourseRows, ItemRow, course_data

KNOWLEDGE = tuple(ItemRow(pk, "knowledge", f"Q{pk}", "", "", False, (), False) for pk in range(4))
# Items right at pre and post. Course learners 1-6 gain 2, 1, 2, 3, 1, 2 items; the comparison
# group (101-106) 0, 1, -1, 0, 1, 0.
COURSE = {1: (0, 2), 2: (1, 2), 3: (1, 3), 4: (0, 3), 5: (2, 3), 6: (2, 4)}
GROUP = {101: (1, 1), 102: (1, 2), 103: (2, 1), 104: (3, 3), 105: (0, 1), 106: (2, 2)}


def rows(course=COURSE, group=GROUP, *, extra=()) -> CourseRows:
    taken = [
        (learner, kind, right)
        for people in (course, group)
        for learner, rights in people.items()
        for kind, right in zip(("pre", "post"), rights, strict=True)
    ] + list(extra)
    answers = tuple(
        (learner, kind, item.pk, False, None, None, item.pk < right, "")
        for learner, kind, right in taken
        for item in KNOWLEDGE
    )
    return CourseRows(
        "Keystone", "keystone", "2026-2027", date(2026, 9, 1), date(2026, 12, 18), "SBP", 1, (),
        KNOWLEDGE, tuple((learner, kind) for learner, kind, _ in taken), answers, len(course),
        (), (), (), (), (), comparison=tuple(sorted({*group, *(e[0] for e in extra)})),
    )  # fmt: skip


def test_gains_are_compared_by_welch_t_and_hedges_g_as_r_computes_them():
    # R: course <- c(50, 25, 50, 75, 25, 50); comp <- c(0, 25, -25, 0, 25, 0)
    #    t.test(course, comp): t 3.83482494423685, df 10, p 0.00329279993908012,
    #      95 % CI 17.4571863950094 65.876146938324
    #    Hedges' g (exact J), normal interval: 2.0429931151464 [0.716966272006647,
    #      3.36901995828616]
    comparison = analyse(course_data(rows())).comparison

    welch, hedges = comparison.welch, comparison.hedges
    assert (comparison.suppressed, welch.n_first, welch.n_second) == (None, 6, 6)
    assert welch.t == pytest.approx(3.83482494423685, rel=1e-9)
    assert welch.df == pytest.approx(10.0, rel=1e-9)
    assert welch.p_value == pytest.approx(0.00329279993908012, rel=1e-9)
    assert (welch.ci_low, welch.ci_high) == pytest.approx((17.4571863950094, 65.876146938324))
    assert hedges.value == pytest.approx(2.0429931151464, rel=1e-9)
    assert (hedges.ci_low, hedges.ci_high) == pytest.approx((0.716966272006647, 3.36901995828616))


def test_the_difference_in_differences_is_said_in_plain_words_with_the_caveat():
    report = analyse(course_data(rows()))

    assert report.comparison.statement == (
        "Course learners' knowledge rose 45.8 points on average (from 25 % to 71 %, n = 6); "
        "the comparison group's rose 4.2 points on average (from 38 % to 42 %, n = 6). The "
        "difference in differences is 41.7 points (95 % CI 17.5 to 65.9; Welch t(10.0) = 3.83, "
        "p = 0.003, g = 2.04, 95 % CI [0.72, 3.37]). " + CAVEAT
    )
    assert report.comparison.statement in report.summary


def test_the_comparison_group_is_left_out_of_the_course_figures():
    extra = [(107, "pre", 4)]  # a comparison resident with only a pre

    report = analyse(course_data(rows(extra=extra)))

    data = report.data
    assert (data.matched, data.pre_submitted, data.post_submitted) == (6, 6, 6)
    assert data.unmatched_pre_percent.tolist() == []
    assert report.knowledge.pre.mean == pytest.approx(25.0)
    comparison = report.comparison
    assert (comparison.members, comparison.pre_submitted, comparison.post_submitted) == (7, 7, 6)
    assert comparison.comparison.n == 6


def test_a_group_under_five_suppresses_the_comparison():
    small = {learner: GROUP[learner] for learner in (101, 102, 103, 104)}

    comparison = analyse(course_data(rows(group=small))).comparison

    assert (comparison.suppressed, comparison.welch, comparison.course) == (
        "fewer than 5 learners in a group",
        None,
        None,
    )
    assert comparison.statement == "Gains are not compared: fewer than 5 learners in a group."


def test_without_a_comparison_group_there_is_no_comparison():
    report = analyse(course_data(rows(group={})))

    assert (report.data.comparison, report.comparison) == (None, None)
