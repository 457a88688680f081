"""Writes of the reports app: building report files and running report runs."""

from __future__ import annotations

from reports.analysis import course_report
from reports.rendering import Progress, render_pdf


def build_course_evaluation_pdf(*, program, progress: Progress | None = None) -> bytes:
    """The course evaluation of `program` as PDF bytes."""
    report = course_report(program=program)
    if progress:
        progress(30)
    return render_pdf(report, progress=progress)
