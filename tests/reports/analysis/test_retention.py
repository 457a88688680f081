"""The retention curve (pre → post → follow-ups), from arrays, without a database."""

from datetime import date

import numpy as np
import pytest

from reports.analysis.course import analyse
from reports.analysis.data import CourseRows, ItemRow, course_data
from reports.analysis.retention import analyse_retention

KNOWLEDGE = tuple(ItemRow(pk, "knowledge", f"Q{pk}", "", "", False, (), False) for pk in range(4))
BEHAVIOUR = (
    ItemRow(10, "behaviour", "Since the course I have …", "", "", False, ("1",) * 5, False),
)
TIME_POINTS = (
    ("pre", "Pre-assessment"),
    ("post", "Post-assessment"),
    ("follow_up_3", "3-month follow-up"),
)
# Items right at pre, post and the 3-month follow-up: learners 1-6 took all three.
COUNTS = {1: (0, 3, 2), 2: (1, 3, 2), 3: (2, 4, 3), 4: (1, 2, 2), 5: (0, 2, 1), 6: (2, 4, 4)}


def rows(counts=COUNTS, *, extra=(), time_points=TIME_POINTS) -> CourseRows:
    """`extra`: (learner, kind, items right) of learners who missed a time point."""
    taken = [
        (learner, kind, right)
        for learner, rights in counts.items()
        for (kind, _), right in zip(time_points, rights, strict=False)
    ] + list(extra)
    answers = [
        (learner, kind, item.pk, False, None, None, item.pk < right, "")
        for learner, kind, right in taken
        for item in KNOWLEDGE
    ]
    answers += [
        (learner, kind, 10, False, learner % 5 + 1, learner % 5 + 1, None, "")
        for learner, kind, _ in taken
        if kind.startswith("follow_up")
    ]
    return CourseRows(
        "Keystone", "keystone", "2026-2027", date(2026, 9, 1), date(2026, 12, 18), "SBP", 1, (),
        KNOWLEDGE + BEHAVIOUR, tuple((learner, kind) for learner, kind, _ in taken),
        tuple(answers), 8, (), (), (), (), (), time_points=time_points,
    )  # fmt: skip


def test_friedman_and_holm_adjusted_pairs_equal_r_on_learners_with_every_time_point():
    # Learner 7 missed the follow-up, learner 8 the post: neither counts.
    # R: y <- matrix(c(0,3,2, 1,3,2, 2,4,3, 1,2,2, 0,2,1, 2,4,4), ncol = 3, byrow = TRUE)
    #    friedman.test(y): 11.2727272727273, p 0.00356581144623626
    #    wilcox.test(y[, b], y[, a], paired = TRUE) for (1, 2), (1, 3), (2, 3):
    #      V 21 p 0.0310325195001449; V 21 p 0.0305448499764752; V 0 p 0.0718606382258516
    #    p.adjust(p, "holm"): 0.0916345499294257 for all three
    extra = [(7, "pre", 1), (7, "post", 3), (8, "pre", 0), (8, "follow_up_3", 4)]

    retention = analyse_retention(course_data(rows(extra=extra)).follow_up)

    assert (retention.n, retention.suppressed) == (6, None)
    assert [point.submitted for point in retention.time_points] == [8, 7, 7]
    assert [point.percent.mean for point in retention.time_points] == pytest.approx(
        [100 * 6 / 24, 100 * 18 / 24, 100 * 14 / 24], rel=1e-12
    )
    assert (retention.friedman.df, retention.friedman.n) == (2, 6)
    assert retention.friedman.chi2 == pytest.approx(11.2727272727273, rel=1e-12)
    assert retention.friedman.p_value == pytest.approx(0.00356581144623626, rel=1e-9)
    assert [(pair.earlier, pair.later) for pair in retention.pairs] == [
        ("Pre-assessment", "Post-assessment"),
        ("Pre-assessment", "3-month follow-up"),
        ("Post-assessment", "3-month follow-up"),
    ]
    assert [pair.wilcoxon.v for pair in retention.pairs] == [21.0, 21.0, 0.0]
    assert [pair.wilcoxon.p_value for pair in retention.pairs] == pytest.approx(
        [0.0310325195001449, 0.0305448499764752, 0.0718606382258516], rel=1e-9
    )
    assert [pair.p_holm for pair in retention.pairs] == pytest.approx([0.0916345499294257] * 3)
    assert [pair.median_change for pair in retention.pairs] == [50.0, 25.0, -25.0]


def test_follow_up_answers_do_not_enter_the_pre_post_matrices():
    data = course_data(rows())

    assert data.matched == 6
    assert data.knowledge_post.sum(axis=1).tolist() == [3, 3, 4, 2, 2, 4]
    assert data.follow_up.knowledge_correct.tolist() == [list(c) for c in COUNTS.values()]


def test_behaviour_is_described_per_follow_up_from_everyone_who_submitted_it():
    extra = [(7, "follow_up_3", 2)]  # no pre or post, but answered the behaviour item

    retention = analyse_retention(course_data(rows(extra=extra)).follow_up)

    (row,) = retention.behaviour
    (cell,) = row.by_follow_up
    assert (row.item.code, retention.follow_up_labels) == ("B1", ("3-month follow-up",))
    assert (cell.n, cell.mean) == (7, pytest.approx(np.mean([2, 3, 4, 5, 1, 2, 3])))


def test_fewer_than_five_complete_learners_suppress_the_curve_and_say_how_many():
    few = {learner: COUNTS[learner] for learner in (1, 2, 3, 4)}

    report = analyse(course_data(rows(few)))

    assert (report.retention.n, report.retention.suppressed) == (4, "fewer than 5 learners")
    assert (report.retention.friedman, report.retention.pairs) == (None, ())
    assert report.retention.summary == (
        "4 learners took the pre, the post and every follow-up; the retention curve is not "
        "reported: fewer than 5 learners."
    )
    assert report.retention.summary in report.summary


def test_the_summary_names_each_time_point_and_the_friedman_test():
    report = analyse(course_data(rows()))

    assert report.retention.summary == (
        "6 learners took the pre, the post and every follow-up: mean knowledge pre-assessment "
        "25 %, post-assessment 75 %, 3-month follow-up 58 %; Friedman χ²(2) = 11.27, "
        "p = 0.004 (6 learners)."
    )


def test_without_a_follow_up_there_is_no_retention():
    report = analyse(course_data(rows(time_points=TIME_POINTS[:2])))

    assert (report.data.follow_up, report.retention) == (None, None)
