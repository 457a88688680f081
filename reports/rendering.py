"""The course evaluation as HTML (web page and print document) and as a PDF.

WeasyPrint is imported inside `rotation.documents.html_to_pdf` only: it is slow to import and
the web processes that never print should not pay for it.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reports.analysis.benchmarking import (
    Benchmarking,
    Cohort,
    CommonItem,
    Group,
    ItemFigure,
    SubscaleChange,
)
from reports.analysis.course import CourseReport
from reports.analysis.data import MIN_CELL, RATING_LEVELS
from reports.analysis.demographics import MIN_DEMOGRAPHIC_CELL
from reports.charts.forest import ForestRow, forest_plot
from reports.charts.items import item_facility_plot
from reports.charts.likert import likert_diverging_bars
from reports.charts.lines import retention_curve, trend_lines
from reports.charts.slopes import paired_slope_plot
from reports.milestones import COMPLETION_RULE, Evidence
from reports.templatetags.report_format import DASH, interval, num, share
from rotation import documents

Progress = Callable[[int], None]

# WeasyPrint logs every layout step at INFO; workers' logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


Embed = Callable[[str], str]


def inline_svg(svg: str) -> str:
    """The chart's SVG inline, as the web page shows it (hover titles, text selectable)."""
    return mark_safe(svg)  # noqa: S308 -- SVG built by reports.charts, its text escaped


def svg_image(svg: str) -> str:
    """The chart as an `<img>` of a `data:` URI, for WeasyPrint: it then reads the SVG with its
    XML parser instead of walking every element through the HTML parser and the CSS cascade,
    which made inline charts the slowest part of the PDF. The alt text is the chart's title."""
    title = re.search(r"<title>(.*?)</title>", svg, re.DOTALL)
    alt = html.unescape(title.group(1)) if title else "Chart"
    data = base64.b64encode(svg.encode()).decode("ascii")
    return format_html('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">', alt, data)


def report_charts(report: CourseReport, *, embed: Embed = inline_svg) -> dict[str, object]:
    """Every chart the report shows, each SVG passed through `embed` (empty when the figures are
    suppressed)."""
    result: dict[str, object] = {}
    knowledge = report.knowledge
    if not knowledge.suppressed:
        result["slope"] = embed(
            paired_slope_plot(
                report.data.pre_percent.tolist(),
                report.data.post_percent.tolist(),
                title="Knowledge score, pre and post",
            )
        )
        result["facility"] = embed(
            item_facility_plot(
                [
                    (f"{row.item.code} {row.item.text}", row.facility_pre, row.facility_post)
                    for row in knowledge.rows
                ]
            )
        )
    retention = report.retention
    if retention is not None and not retention.suppressed:
        follow_up = report.data.follow_up
        result["retention"] = embed(
            retention_curve(
                follow_up.labels,
                (follow_up.knowledge_correct * 100.0 / follow_up.knowledge_items).tolist(),
                title="Knowledge score, pre to last follow-up",
            )
        )
    scales: dict[tuple[str, ...], list] = defaultdict(list)
    for row in report.attitudes.rows:
        # The statement beside its code on the pre row; the post row right under it.
        scales[row.item.labels].append((f"{row.item.code} pre: {row.item.text}", row.counts_pre))
        scales[row.item.labels].append((f"{row.item.code} post", row.counts_post))
    result["likert"] = [
        embed(
            likert_diverging_bars(
                rows,
                levels=labels,
                title="Attitude statements, pre and post (as worded)",
                chart_id=f"likert{index}",
            )
        )
        for index, (labels, rows) in enumerate(scales.items())
    ]
    rated = [
        (row.session.title, row.overall.counts) for row in report.sessions if row.overall.counts
    ]
    if rated:
        result["sessions"] = embed(
            likert_diverging_bars(
                rated,
                levels=RATING_LEVELS,
                title="Overall rating of each session",
                chart_id="sessions",
            )
        )
    return result


# Comments each group prints in the PDF: a cohort of 1,000 writes thousands, and laying each out
# costs WeasyPrint about 2 ms, so the rest go into a text file attached to the PDF (the list
# the PDF links), and the web page shows them all.
PRINTED_COMMENTS = 40


@dataclass(frozen=True)
class Comment:
    text: str
    count: int  # learners who wrote exactly this


@dataclass(frozen=True)
class CommentGroup:
    heading: str
    comments: list[Comment]
    limit: int | None = None

    @property
    def shown(self) -> list[Comment]:
        return self.comments if self.limit is None else self.comments[: self.limit]

    @property
    def omitted(self) -> int:
        return len(self.comments) - len(self.shown)


def comment_groups(report: CourseReport, *, limit: int | None = None) -> list[CommentGroup]:
    """Every group that has comments: every comment, in order of its first submission, the
    same words written by several learners once with their number; `limit` caps `shown`."""
    groups = [(row.session.title, row.session.comments) for row in report.sessions]
    groups += [
        (f"Course: {heading.lower()}", comments)
        for heading, comments in report.data.course_comments
    ]
    groups += list(report.data.free_text)
    return [
        CommentGroup(
            heading, [Comment(text, count) for text, count in Counter(comments).items()], limit
        )
        for heading, comments in groups
        if comments
    ]


def comments_file_name(report: CourseReport) -> str:
    return f"comments-{report.data.program_slug}.txt"


def comments_file(report: CourseReport) -> documents.Attachment:
    """Every comment as plain text, the companion of a PDF that prints only some."""
    data = report.data
    lines = [
        f"Learners' comments: {data.program_name} ({data.academic_year})",
        "Every comment, in order of first submission; (x n) when n learners wrote the same words.",
    ]
    for group in comment_groups(report):
        lines += ["", f"== {group.heading} ({len(group.comments)}) =="]
        lines += [
            f"- {comment.text}" + (f" (x {comment.count})" if comment.count > 1 else "")
            for comment in group.comments
        ]
    return documents.Attachment(
        name=comments_file_name(report),
        text="\n".join(lines) + "\n",
        description="Every learner's comment",
    )


def report_context(
    report: CourseReport, *, embed: Embed = inline_svg, comment_limit: int | None = None
) -> dict[str, object]:
    groups = comment_groups(report, limit=comment_limit)
    return {
        "comment_groups": groups,
        "comments_omitted": sum(group.omitted for group in groups),
        "comments_file": comments_file_name(report),
        "report": report,
        "data": report.data,
        "knowledge": report.knowledge,
        "attitudes": report.attitudes,
        "retention": report.retention,
        "comparison": report.comparison,
        "comparison_rows": (
            [
                ("Course learners", report.comparison.course),
                ("Comparison group", report.comparison.comparison),
            ]
            if report.comparison and not report.comparison.suppressed
            else []
        ),
        "charts": report_charts(report, embed=embed),
        "generated_on": timezone.localdate(),
        "min_cell": 5,
        "min_demographic_cell": MIN_DEMOGRAPHIC_CELL,
    }


def render_document(report: CourseReport) -> str:
    """The standalone HTML document that WeasyPrint prints."""
    return render_to_string(
        "reports/course_evaluation_print.html",
        report_context(report, embed=svg_image, comment_limit=PRINTED_COMMENTS),
    )


def render_pdf(report: CourseReport, *, progress: Progress | None = None) -> bytes:
    html = render_document(report)
    if progress:
        progress(60)
    return documents.html_to_pdf(html, attachments=(comments_file(report),))


def render_faculty_feedback_pdf(feedback) -> bytes:
    return documents.render_pdf(
        template="reports/faculty_feedback_print.html",
        context={"feedback": feedback, "generated_on": timezone.localdate(), "min_cell": 5},
    )


def milestone_context(evidence: Evidence, **extra) -> dict:
    return {
        "evidence": evidence,
        "completion_rule": COMPLETION_RULE,
        "min_cell": MIN_CELL,
        "generated_on": timezone.localdate(),
        **extra,
    }


def render_evidence_pdf(evidence: Evidence) -> bytes:
    """One learner's SBP milestone evidence in one program, one page."""
    return documents.render_pdf(
        template="reports/pdf/milestone_evidence.html", context=milestone_context(evidence)
    )


def render_certificate_pdf(evidence: Evidence, *, directors: list[str]) -> bytes:
    """The certificate of completion of a learner who completed the program."""
    return documents.render_pdf(
        template="reports/pdf/certificate.html",
        context=milestone_context(evidence, directors=directors),
    )


def benchmarking_charts(benchmarking: Benchmarking, *, embed: Embed = inline_svg) -> dict:
    """The forest plot of every cohort's knowledge gain (pooled years and all cohorts as
    diamonds) and the trend of the pooled gain across academic years, one line per format."""
    if not benchmarking.cohorts:
        return {}

    def row(label: str, gain, *, is_pooled: bool = False) -> ForestRow:
        if gain.suppressed or gain.t is None or gain.t.ci_low is None:
            return ForestRow(label, None, is_pooled=is_pooled)
        t = gain.t
        return ForestRow(label, t.mean_difference, t.ci_low, t.ci_high, is_pooled)

    rows = [
        row(f"{cohort.academic_year} · {cohort.name}", cohort.knowledge)
        for cohort in benchmarking.cohorts
    ]
    rows += [
        row(f"All of {group.name}", group.knowledge, is_pooled=True)
        for group in benchmarking.groups_by("year")
    ]
    rows.append(row("All cohorts", benchmarking.overall.knowledge, is_pooled=True))
    return {
        "forest": embed(forest_plot(rows, title="Knowledge gain by cohort (post − pre, 95 % CI)")),
        "trend": embed(trend_lines(benchmarking.years, benchmarking.trends, unit="points")),
    }


@dataclass(frozen=True)
class BenchmarkRow:
    """A row of the benchmarking's participation and knowledge tables, as printed."""

    name: str
    detail: str
    participation: tuple[str, str, str]  # enrolled, pre / post response, matched
    suppressed: str | None  # why the knowledge figures are not shown
    knowledge: tuple[str, ...]  # pre → post, gain [95 % CI], ⟨g⟩, d_z (none when suppressed)
    sessions: str


@dataclass(frozen=True)
class BenchmarkTables:
    """The benchmarking's tables as printed, every figure formatted once here rather than
    looked up cell by cell in the template."""

    cohorts: tuple[BenchmarkRow, ...]
    groups: tuple[tuple[str, str, tuple[BenchmarkRow, ...]], ...]  # the last ends with "All"
    subscales: tuple[tuple[str, tuple[str, ...]], ...]  # cohort label, a cell per subscale
    items: tuple[tuple[CommonItem, tuple[str, ...]], ...]  # a cell per academic year


def _benchmark_row(name: str, detail: str, row: Cohort | Group) -> BenchmarkRow:
    taking, knowledge, sessions = row.participation, row.knowledge, row.sessions
    return BenchmarkRow(
        name=name,
        detail=detail,
        participation=(
            str(taking.enrolled),
            f"{share(taking.pre_rate)} / {share(taking.post_rate)}",
            str(taking.matched),
        ),
        suppressed=knowledge.suppressed,
        knowledge=()
        if knowledge.suppressed
        else (
            f"{num(knowledge.pre_mean, 1)} → {num(knowledge.post_mean, 1)}",
            f"{num(knowledge.t.mean_difference, 1)} {interval(knowledge.t, 1)}",
            num(knowledge.gain.gain, 2),
            num(knowledge.dz.value, 2),
        ),
        sessions=f"{'not shown' if sessions.suppressed else num(sessions.mean, 2)} ({sessions.n})",
    )


def _subscale_cell(change: SubscaleChange | None) -> str:
    if change is None:
        return "not asked"
    if change.suppressed:
        return "not shown"
    return f"{num(change.t.mean_difference, 2)} ({change.n})"


def _item_cell(item: CommonItem, figure: ItemFigure | None) -> str:
    if figure is None:
        return DASH
    if figure.pre is None:
        return "not shown"
    if item.kind == "knowledge":
        return f"{share(figure.pre)} → {share(figure.post)}"
    return f"{num(figure.pre, 1)} → {num(figure.post, 1)}"


def _cohorts(count: int) -> str:
    return f"{count} cohort{'' if count == 1 else 's'}"


def benchmarking_tables(benchmarking: Benchmarking) -> BenchmarkTables:
    overall = benchmarking.overall
    groups = [
        [dimension, heading, [_benchmark_row(g.name, _cohorts(g.cohorts), g) for g in groups]]
        for dimension, heading, groups in benchmarking.groups
    ]
    if groups:
        groups[-1][2].append(_benchmark_row(overall.name, _cohorts(overall.cohorts), overall))
    return BenchmarkTables(
        cohorts=tuple(
            _benchmark_row(cohort.name, f"{cohort.academic_year} · {cohort.format_label}", cohort)
            for cohort in benchmarking.cohorts
        ),
        groups=tuple((dimension, heading, tuple(rows)) for dimension, heading, rows in groups),
        subscales=tuple(
            (cohort.label, tuple(_subscale_cell(change) for change in cohort.subscales))
            for cohort in benchmarking.cohorts
        ),
        items=tuple(
            (item, tuple(_item_cell(item, figure) for figure in figures))
            for item, figures in benchmarking.item_years
        ),
    )


def benchmarking_figures(
    benchmarking: Benchmarking, *, embed: Embed = inline_svg
) -> dict[str, object]:
    """The benchmarking with its tables and charts: they follow from it alone, so the web page
    has them cached with it (`reports.benchmarking.derived_from_benchmarking`)."""
    return {
        "benchmarking": benchmarking,
        "tables": benchmarking_tables(benchmarking),
        "charts": benchmarking_charts(benchmarking, embed=embed),
        "min_cell": 5,
    }


def benchmarking_context(figures: dict[str, object]) -> dict[str, object]:
    """A page's or the PDF's context: the `benchmarking_figures` and the date."""
    return {**figures, "generated_on": timezone.localdate()}


def render_benchmarking_pdf(benchmarking: Benchmarking, *, scope: str) -> bytes:
    context = benchmarking_context(benchmarking_figures(benchmarking, embed=svg_image))
    context["scope"] = scope
    return documents.render_pdf(template="reports/pdf/benchmarking.html", context=context)
