"""The course evaluation's follow-up part, read back from the PDF with pdftotext: the numbers
are computed here from what was seeded (SciPy), not by the report's own code."""

import numpy as np
import pytest
from django.core.management import call_command
from scipy import stats

from tests.factories import ProgramFactory
from tests.pdf import pdf_text
from tests.reports.seeding import (
    KNOWLEDGE_ITEMS,
    follow_up_correct,
    post_correct,
    pre_correct,
    seed_course,
    seed_follow_up,
)


@pytest.fixture
def rendered(db, tmp_path):
    program = ProgramFactory(name="Keystone Mini-Rotation", slug="keystone-follow-up")
    seeded = seed_course(program, learners=12)
    took = seed_follow_up(seeded, missing=2)
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
