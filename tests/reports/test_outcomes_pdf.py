"""The course evaluation's follow-up and comparison parts, read back from one PDF with
pdftotext: the numbers are computed here from what was seeded (SciPy), not by the report's own
code."""

import numpy as np
import pytest
from django.core.management import call_command
from scipy import stats

from tests.factories import ProgramFactory
from tests.pdf import pdf_text
from tests.reports.seeding import (
    KNOWLEDGE_ITEMS,
    comparison_correct,
    follow_up_correct,
    post_correct,
    pre_correct,
    seed_comparison,
    seed_course,
    seed_follow_up,
)


@pytest.fixture
def rendered(db, tmp_path):
    program = ProgramFactory(name="Keystone Mini-Rotation", slug="keystone-follow-up")
    seeded = seed_course(program, learners=12)
    took = seed_follow_up(seeded, missing=2)
    seed_comparison(seeded, size=6)
    output = tmp_path / "report.pdf"
    call_command("course_report", "keystone-follow-up", "--output", str(output))
    text = " ".join(pdf_text(output.read_bytes(), layout=False).split())
    # pdftotext joins a word broken at its hyphen ("pre-" / "assessment"): compare without them
    return took, text.replace("-", "")


def unhyphenated(text: str) -> str:
    return text.replace("-", "")


def test_the_pdf_shows_the_retention_curve_of_learners_with_every_time_point(rendered):
    took, text = rendered
    counts = np.array([(pre_correct(i), post_correct(i), follow_up_correct(i)) for i in took])
    percent = 100 * counts / KNOWLEDGE_ITEMS
    friedman = stats.friedmanchisquare(*counts.T)
    pre, post, follow_up = percent.mean(axis=0)

    assert (
        unhyphenated(
            "10 learners took the pre, the post and every follow-up: mean knowledge "
            f"pre-assessment {pre:.0f} %, post-assessment {post:.0f} %, "
            f"3-month follow-up {follow_up:.0f} %; "
            f"Friedman χ²(2) = {friedman.statistic:.2f}, p < 0.001 (10 learners)."
        )
        in text
    )
    assert (
        unhyphenated(
            "10 learners took the pre, the post and every follow-up; only they are counted here "
            "(pre-assessment: 14 submitted; post-assessment: 13 submitted; 3-month follow-up: 10 "
            "submitted)."
        )
        in text
    )
    assert unhyphenated(f"3-month follow-up 10 {follow_up:.1f} ") in text
    assert f"Friedman test across the 3 time points: χ²(2) = {friedman.statistic:.2f}" in text
    change = percent[:, 1] - percent[:, 0]
    nonzero = change[change != 0]
    v = stats.rankdata(np.abs(nonzero))[nonzero > 0].sum()  # R's V: ranks of the rises
    assert unhyphenated(f"Pre-assessment → Post-assessment {np.median(change):.1f} {v:.1f}") in text
    assert unhyphenated("Knowledge score, pre to last follow-up") in text
    assert "level 3 (behaviour" in text
    scores = [1 + i % 5 for i in took]
    assert f"B1 Since the course I… {np.mean(scores):.2f} (10)" in text


def test_the_pdf_compares_gains_with_the_comparison_group(rendered):
    _, text = rendered
    course = np.array([(pre_correct(i), post_correct(i)) for i in range(12)]) * 25.0
    group = np.array([comparison_correct(i) for i in range(6)]) * 25.0
    course_gain, group_gain = np.diff(course).ravel(), np.diff(group).ravel()
    welch = stats.ttest_ind(course_gain, group_gain, equal_var=False)
    interval = welch.confidence_interval()
    difference = course_gain.mean() - group_gain.mean()

    assert (
        unhyphenated(
            f"Course learners' knowledge rose {course_gain.mean():.1f} points on average (from "
            f"{course[:, 0].mean():.0f} % to {course[:, 1].mean():.0f} %, n = 12); the comparison "
            f"group's rose {group_gain.mean():.1f} points on average (from "
            f"{group[:, 0].mean():.0f} % to {group[:, 1].mean():.0f} %, n = 6). The difference "
            f"in differences is {difference:.1f} points (95 % CI {interval.low:.1f} to "
            f"{interval.high:.1f}; Welch t({welch.df:.1f}) = {welch.statistic:.2f}"
        )
        in text
    )
    assert unhyphenated("The groups were not randomized") in text
    assert unhyphenated("Comparison group (not enrolled; counted apart) 6") in text
    # The course figures leave the comparison group out: 15 enrolled, 14 pre, 13 post.
    assert unhyphenated("14 submitted the preassessment, 13 the postassessment") in text
