"""The course evaluation as HTML (web page and print document) and as a PDF.

WeasyPrint is imported inside `rotation.documents.html_to_pdf` only: it is slow to import and
the web processes that never print should not pay for it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from reports import charts
from reports.analysis import RATING_LEVELS, CourseReport
from rotation import documents

Progress = Callable[[int], None]

# WeasyPrint logs every layout step at INFO; workers' logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_charts(report: CourseReport) -> dict[str, object]:
    """SVG markup of every chart the report shows (empty when the figures are suppressed)."""
    result: dict[str, object] = {}
    knowledge = report.knowledge
    if not knowledge.suppressed:
        result["slope"] = mark_safe(  # noqa: S308 -- SVG built by reports.charts, text escaped
            charts.paired_slope_plot(
                report.data.pre_percent.tolist(),
                report.data.post_percent.tolist(),
                title="Knowledge score, pre and post",
            )
        )
        result["facility"] = mark_safe(  # noqa: S308 -- as above
            charts.item_facility_plot(
                [(row.item.code, row.facility_pre, row.facility_post) for row in knowledge.rows]
            )
        )
    scales: dict[tuple[str, ...], list] = defaultdict(list)
    for row in report.attitudes.rows:
        scales[row.item.labels].append((f"{row.item.code} pre", row.counts_pre))
        scales[row.item.labels].append((f"{row.item.code} post", row.counts_post))
    result["likert"] = [
        mark_safe(  # noqa: S308 -- as above
            charts.likert_diverging_bars(
                rows,
                levels=labels,
                title="Attitude statements, pre and post (as worded)",
                label_width=90.0,
                row_height=24.0,
                chart_id=f"likert{index}",
            )
        )
        for index, (labels, rows) in enumerate(scales.items())
    ]
    rated = [
        (row.session.title, row.overall.counts) for row in report.sessions if row.overall.counts
    ]
    if rated:
        result["sessions"] = mark_safe(  # noqa: S308 -- as above
            charts.likert_diverging_bars(
                rated,
                levels=RATING_LEVELS,
                title="Overall rating of each session",
                chart_id="sessions",
            )
        )
    return result


# The PDF prints the first comments of each group, in order of submission; the web view
# prints all of them. A thousand learners write thousands of comments, which would make a
# 200-page PDF that takes a minute to lay out and that nobody reads through.
PDF_COMMENTS_PER_GROUP = 12


def comment_groups(report: CourseReport, *, limit: int | None) -> list[tuple[str, list, int]]:
    """(heading, comments shown, number left out) for every group that has comments."""
    groups = [(row.session.title, row.session.comments) for row in report.sessions]
    groups += [
        (f"Course: {heading.lower()}", comments)
        for heading, comments in report.data.course_comments
    ]
    groups += list(report.data.free_text)
    return [
        (heading, list(comments[:limit]), max(0, len(comments) - limit) if limit else 0)
        for heading, comments in groups
        if comments
    ]


def report_context(report: CourseReport, *, comment_limit: int | None = None) -> dict[str, object]:
    return {
        "comment_groups": comment_groups(report, limit=comment_limit),
        "report": report,
        "data": report.data,
        "knowledge": report.knowledge,
        "attitudes": report.attitudes,
        "charts": report_charts(report),
        "generated_on": timezone.localdate(),
        "min_cell": 5,
    }


def render_document(report: CourseReport) -> str:
    """The standalone HTML document that WeasyPrint prints."""
    return render_to_string(
        "reports/course_evaluation_print.html",
        report_context(report, comment_limit=PDF_COMMENTS_PER_GROUP),
    )


def render_pdf(report: CourseReport, *, progress: Progress | None = None) -> bytes:
    html = render_document(report)
    if progress:
        progress(60)
    return documents.html_to_pdf(html)


def render_faculty_feedback_pdf(feedback) -> bytes:
    return documents.render_pdf(
        template="reports/faculty_feedback_print.html",
        context={"feedback": feedback, "generated_on": timezone.localdate(), "min_cell": 5},
    )
