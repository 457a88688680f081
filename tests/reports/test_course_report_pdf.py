"""The PDF course evaluation, read back with pdftotext: every number asserted here is computed
in the test from the seeded answers, not taken from the report's own code."""

import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from scipy import stats

from reports import rendering
from reports.services import build_course_evaluation_pdf
from tests.factories import ProgramFactory
from tests.pdf import pdf_attachments, pdf_text, pdf_words
from tests.reports.seeding import seed_course


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def rendered(db, tmp_path):
    program = ProgramFactory(name="Keystone Mini-Rotation", slug="keystone-eval")
    seeded = seed_course(program, learners=12)
    output = tmp_path / "report.pdf"
    call_command("course_report", "keystone-eval", "--output", str(output))
    return seeded, pdf_text(output.read_bytes(), layout=False)


def test_the_pdf_shows_the_hand_computed_figures(rendered):
    """One rendering (WeasyPrint takes seconds), every section checked."""
    check_participation_and_summary(rendered)
    check_knowledge_section(rendered)
    check_item_appendix_uses_mcnemar_exact_p(rendered)
    check_sessions_faculty_and_comments(rendered)
    check_pages_are_numbered_and_headed(rendered)


def check_participation_and_summary(rendered):
    seeded, text = rendered
    flat = words(text)
    pre, post = np.array(seeded.pre_percent), np.array(seeded.post_percent)
    difference = post - pre
    t = stats.ttest_rel(post, pre)
    dz = difference.mean() / difference.std(ddof=1)

    assert (
        "15 residents were enrolled; 14 submitted the pre-assessment, 13 the post-assessment, "
        "and 12 submitted both (matched)."
    ) in flat
    assert (
        f"Mean knowledge rose from {pre.mean():.0f} % to {post.mean():.0f} % "
        f"(paired t(11) = {t.statistic:.1f}, p < 0.001, dz = {dz:.1f}); "
        "12 of 12 matched learners improved."
    ) in flat
    gain = (post.mean() - pre.mean()) / (100 - pre.mean())
    assert f"The class-average normalized gain was {gain:.2f}." in flat
    assert "Enrolled 15 Submitted the pre-assessment 14 Submitted the post-assessment 13" in flat
    assert "Matched (both submitted) 12" in flat


def check_knowledge_section(rendered):
    seeded, text = rendered
    flat = words(text)
    pre, post = np.array(seeded.pre_percent), np.array(seeded.post_percent)
    t = stats.ttest_rel(post, pre)
    low, high = t.confidence_interval()
    difference = post - pre

    assert (
        f"Paired t-test: t(11) = {t.statistic:.2f}, p < 0.001; mean change "
        f"{difference.mean():.1f} points, 95 % CI [{low:.1f}, {high:.1f}]."
    ) in flat
    # Every learner improved: V is the sum of all ranks, 12 · 13 / 2.
    wilcoxon = stats.wilcoxon(post, pre, correction=True, method="approx")
    assert f"Wilcoxon signed-rank test: V = 78.0, p = {wilcoxon.pvalue:.3f}" in flat
    assert f"Pre 12 {pre.mean():.1f} {pre.std(ddof=1):.1f} {np.median(pre):.1f}" in flat
    assert f"Post 12 {post.mean():.1f} {post.std(ddof=1):.1f} {np.median(post):.1f}" in flat
    assert "Individual change: 12 improved, 0 unchanged, 0 declined." in flat


def check_item_appendix_uses_mcnemar_exact_p(rendered):
    _, text = rendered
    flat = words(text)
    # K1 is right on the pre for the 8 learners with i % 3 ≥ 1 and on the post for all 12:
    # b = 0, c = 4, exact two-sided p = 2 · 0.5⁴; Holm: K2 and K3 have p = 2 · 0.5⁶, K4 0.5.
    assert "K1 Knowledge question 1 Quality 0.67 1.00 0 4 0.125* 0.250" in flat


def check_sessions_faculty_and_comments(rendered):
    seeded, text = rendered
    flat = words(text)
    overall, relevance, changed = [3, 4, 5, 3, 4, 5], [4] * 6, [2, 3, 4, 5, 2, 3]

    def mean_sd(values):
        return f"{np.mean(values):.2f} ({np.std(values, ddof=1):.2f})"

    assert f"Health plans 6 {mean_sd(overall)} {mean_sd(relevance)} {mean_sd(changed)}" in flat
    assert "Public agencies 2 not shown (fewer than 5 learners)" in flat
    assert f"Ada Alvarez {seeded.faculty[0].organization.name} 6 {mean_sd([4, 5] * 3)}" in flat
    assert f"Ben Brooks {seeded.faculty[1].organization.name} 2 not shown" in flat
    assert "Session remark 0" in flat
    assert "Comment 2" in flat
    assert "Pharmacy benefits" in flat
    assert "Valuable 0" in flat


def check_pages_are_numbered_and_headed(rendered):
    _, text = rendered
    numbers = re.findall(r"Page (\d+) of (\d+)", text)
    total = int(numbers[0][1])

    assert [int(page) for page, _ in numbers] == list(range(1, total + 1))
    assert {int(of) for _, of in numbers} == {total}
    assert text.count("Course evaluation · Keystone Mini-Rotation · 2026-2027") == total
    assert "Contents" in text


def test_unknown_program_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No program with the slug 'nope'"):
        call_command("course_report", "nope", "--output", str(tmp_path / "x.pdf"))


def test_the_pdf_prints_every_comment_of_a_long_group(db):
    """More comments than the 12 the PDF used to print: all of them, in order of submission."""
    program = seed_course(ProgramFactory(), learners=28, evaluations=30).program

    # Comments print in two columns: read them in the order they were printed.
    text = pdf_words(build_course_evaluation_pdf(program=program), raw=True)

    remarks = re.findall(r"Session remark (\d+)", text)
    assert remarks == [str(i) for i in range(0, 30, 2)]


def test_a_long_group_prints_its_first_comments_and_attaches_every_one(db, monkeypatch):
    """A cohort of 1,000 writes thousands of comments; the PDF prints the first of each group
    and carries all of them in a text file it names."""
    monkeypatch.setattr(rendering, "PRINTED_COMMENTS", 4)
    program = seed_course(ProgramFactory(slug="long"), learners=28, evaluations=30).program

    pdf = build_course_evaluation_pdf(program=program)

    text = pdf_words(pdf, raw=True)
    assert re.findall(r"Session remark (\d+)", text) == ["0", "2", "4", "6"]
    assert "… and 11 more in comments-long.txt." in text
    assert "all of them, the 11 not printed here included, are in comments-long.txt" in text
    attached = pdf_attachments(pdf)["comments-long.txt"]
    assert re.findall(r"- Session remark (\d+)", attached) == [str(i) for i in range(0, 30, 2)]
    assert "== Health plans (15) ==" in attached
