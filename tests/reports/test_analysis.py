"""From the database to the figures: the selectors read a program's stored responses, the
analysis turns them into arrays and computes the report's figures; expected values are
computed here from the seeded numbers with SciPy."""

import numpy as np
import pytest
from scipy import stats

from reports.analysis.course import analyse
from reports.analysis.data import course_data
from reports.selectors import course_rows
from tests.factories import ProgramFactory
from tests.reports.seeding import attitude_post, attitude_pre, seed_course


@pytest.fixture
def seeded(db):
    return seed_course(ProgramFactory(), learners=12)


def test_counts_and_matching(seeded):
    data = course_data(course_rows(program=seeded.program))

    counts = (data.enrolled, data.pre_submitted, data.post_submitted, data.matched)
    assert counts == (15, 14, 13, 12)
    assert data.matched_learner_ids == tuple(learner.pk for learner in seeded.learners)
    assert data.pre_percent.tolist() == seeded.pre_percent
    assert data.post_percent.tolist() == seeded.post_percent
    assert data.unmatched_pre_percent.tolist() == [75.0, 25.0]


def test_attitudes_are_reverse_scored(seeded):
    data = course_data(course_rows(program=seeded.program))

    assert data.attitude_pre_values[:, 1].tolist() == [attitude_pre(i)[1] for i in range(12)]
    assert data.attitude_pre[:, 1].tolist() == [6 - attitude_pre(i)[1] for i in range(12)]
    assert data.attitude_post[:, 0].tolist() == [attitude_post(i)[0] for i in range(12)]


def test_knowledge_statistics_equal_scipy(seeded):
    report = analyse(course_data(course_rows(program=seeded.program)))
    knowledge = report.knowledge
    pre, post = np.array(seeded.pre_percent), np.array(seeded.post_percent)
    expected = stats.ttest_rel(post, pre)

    assert knowledge.suppressed is None
    assert knowledge.t.t == pytest.approx(expected.statistic, abs=1e-9)
    assert knowledge.t.p_value == pytest.approx(expected.pvalue, abs=1e-12)
    assert knowledge.dz.value == pytest.approx((post - pre).mean() / (post - pre).std(ddof=1))
    assert knowledge.gain.gain == pytest.approx((post.mean() - pre.mean()) / (100 - pre.mean()))
    assert (knowledge.rose, knowledge.same, knowledge.fell) == (12, 0, 0)
    # Item 1 is right on the pre for learners with i % 3 >= 1 (8 of 12).
    assert knowledge.rows[0].facility_pre == pytest.approx(8 / 12)
    assert [row.item.code for row in knowledge.rows] == ["K1", "K2", "K3", "K4"]


def test_sessions_and_faculty_below_five_are_suppressed(seeded):
    report = analyse(course_data(course_rows(program=seeded.program)))
    health_plans, agencies = report.sessions

    assert health_plans.overall.n == 6
    assert health_plans.overall.mean == pytest.approx(np.mean([3, 4, 5, 3, 4, 5]))
    assert health_plans.overall.counts == (0, 0, 2, 2, 2)
    assert health_plans.session.comments == tuple(f"Session remark {i}" for i in (0, 2, 4))
    assert (agencies.overall.n, agencies.overall.mean) == (2, None)
    assert agencies.overall.suppressed == "fewer than 5 learners"
    assert [(row.member.name, row.effectiveness.mean) for row in report.faculty] == [
        ("Ada Alvarez", 4.5),
        ("Ben Brooks", None),
    ]


def test_fewer_than_five_matched_learners_suppress_knowledge(db):
    seeded = seed_course(ProgramFactory(), learners=4)

    report = analyse(course_data(course_rows(program=seeded.program)))

    assert report.knowledge.suppressed == (
        "fewer than 5 learners completed both the pre and the post"
    )
    assert report.knowledge.t is None
    assert report.attitudes.suppressed == "fewer than 5 learners"


def test_a_program_without_an_instrument_reports_nothing_but_counts(db):
    report = analyse(course_data(course_rows(program=ProgramFactory())))

    assert report.knowledge.suppressed == "no knowledge items"
    assert report.data.matched == 0


@pytest.mark.parametrize("learners", [5, 50])
def test_course_rows_use_a_constant_number_of_queries(db, django_assert_num_queries, learners):
    seeded = seed_course(ProgramFactory(), learners=learners)

    with django_assert_num_queries(13):
        course_rows(program=seeded.program)
