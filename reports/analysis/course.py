"""The course evaluation's figures (`analyse`) from a program's arrays, and its summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.analysis.attitudes import Attitudes, analyse_attitudes
from reports.analysis.comparison import Comparison, analyse_comparison
from reports.analysis.data import CourseData, FacultyData, SessionData
from reports.analysis.demographics import Breakdown, attitude_change_per_learner, breakdown
from reports.analysis.knowledge import Knowledge, analyse_knowledge
from reports.analysis.ratings import RatingSummary, rating_summary
from reports.analysis.retention import Retention, analyse_retention
from reports.statistics.base import ALPHA
from reports.statistics.wording import format_paired_t


@dataclass(frozen=True)
class SessionRow:
    session: SessionData
    overall: RatingSummary
    relevance: RatingSummary
    changed_view: RatingSummary


@dataclass(frozen=True)
class FacultyRow:
    member: FacultyData
    effectiveness: RatingSummary


@dataclass(frozen=True)
class CourseReport:
    data: CourseData
    knowledge: Knowledge
    attitudes: Attitudes
    sessions: tuple[SessionRow, ...]
    faculty: tuple[FacultyRow, ...]
    course: RatingSummary
    summary: tuple[str, ...] = field(default=())
    retention: Retention | None = None  # only when a follow-up is scheduled
    comparison: Comparison | None = None  # only with a comparison group
    demographics: tuple[Breakdown, ...] = ()  # only where the program asks demographics


def _summary(
    data: CourseData, knowledge: Knowledge, attitudes: Attitudes, course, retention, comparison
) -> list[str]:
    lines = [
        f"{data.enrolled} residents were enrolled; {data.pre_submitted} submitted the "
        f"pre-assessment, {data.post_submitted} the post-assessment, and {data.matched} "
        "submitted both (matched)."
    ]
    if knowledge.suppressed:
        lines.append(f"Knowledge change is not reported: {knowledge.suppressed}.")
    else:
        effect = format_paired_t(knowledge.t, knowledge.dz, digits=1)
        lines.append(
            f"Mean knowledge rose from {knowledge.pre.mean:.0f} % to {knowledge.post.mean:.0f} % "
            f"({effect}); {knowledge.rose} of {knowledge.n} matched learners improved."
            if knowledge.post.mean > knowledge.pre.mean
            else f"Mean knowledge went from {knowledge.pre.mean:.0f} % to "
            f"{knowledge.post.mean:.0f} % ({effect})."
        )
        if knowledge.gain.is_computable:
            lines.append(f"The class-average normalized gain was {knowledge.gain.gain:.2f}.")
    if retention is not None:
        lines.append(retention.summary)
    if comparison is not None:
        lines.append(comparison.statement)
    if not attitudes.suppressed:
        significant = sum(
            1 for row in attitudes.rows if row.p_holm is not None and row.p_holm < ALPHA
        )
        lines.append(
            f"{significant} of {len(attitudes.rows)} attitude statements changed significantly "
            "after Holm adjustment."
        )
    if not course.suppressed:
        lines.append(
            f"The course was rated {course.mean:.1f} out of 5 on average by {course.n} residents."
        )
    return lines


def analyse(data: CourseData) -> CourseReport:
    knowledge = analyse_knowledge(data)
    attitudes = analyse_attitudes(data)
    sessions = tuple(
        SessionRow(
            session,
            rating_summary(session.overall),
            rating_summary(session.relevance),
            rating_summary(session.changed_view),
        )
        for session in data.sessions
    )
    faculty = tuple(
        FacultyRow(member, rating_summary(member.effectiveness)) for member in data.faculty
    )
    course = rating_summary(data.course_overall)
    retention = analyse_retention(data.follow_up) if data.follow_up else None
    comparison = analyse_comparison(data, data.comparison) if data.comparison else None
    return CourseReport(
        demographics=_demographics(data, knowledge),
        data=data,
        knowledge=knowledge,
        attitudes=attitudes,
        sessions=sessions,
        faculty=faculty,
        course=course,
        summary=tuple(_summary(data, knowledge, attitudes, course, retention, comparison)),
        retention=retention,
        comparison=comparison,
    )


def _demographics(data: CourseData, knowledge: Knowledge) -> tuple[Breakdown, ...]:
    if not data.demographics or knowledge.suppressed:
        return ()
    attitude_change = attitude_change_per_learner(data.attitude_pre, data.attitude_post)
    return tuple(
        breakdown(
            question=question,
            answers=answers,
            learner_ids=data.matched_learner_ids,
            pre_percent=data.pre_percent,
            post_percent=data.post_percent,
            attitude_change=attitude_change,
        )
        for question, answers in data.demographics
    )
