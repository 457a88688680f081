"""The partner outcomes page's two tables as it shows them: every figure, count and date
formatted once here rather than filtered cell by cell in the template (the PDF prints its own)."""

from __future__ import annotations

from dataclasses import dataclass

from reports.outcomes import PartnerOutcomes
from reports.templatetags.report_format import num, percent
from rotation.dates import month_day_years


@dataclass(frozen=True)
class ChangeCells:
    """Pre, post and change of percent correct, as {{ …|percent:0 }} and {{ …|num:1 }}."""

    pre: str
    post: str
    change: str


@dataclass(frozen=True)
class ProgramRows:
    """A program's row of the knowledge table and a row for each topic its sessions covered."""

    program: str
    learners: str
    suppressed: str | None
    cells: ChangeCells | None  # none when suppressed
    topics: tuple[tuple[str, ChangeCells], ...]


@dataclass(frozen=True)
class SessionRow:
    title: str
    date: str  # {{ starts_at|date:"M j, Y" }}
    part: str
    evaluations: str
    suppressed: str | None
    # the means as {{ …|num:2 }} ("" when suppressed)
    overall: str
    relevance: str
    changed_view: str


@dataclass(frozen=True)
class OutcomeTables:
    programs: tuple[ProgramRows, ...]
    sessions: tuple[SessionRow, ...]


def _cells(pre_mean: float, post_mean: float, change: float) -> ChangeCells:
    return ChangeCells(percent(pre_mean, 0), percent(post_mean, 0), num(change, 1))


def outcome_tables(outcomes: PartnerOutcomes) -> OutcomeTables:
    dates = month_day_years(row.starts_at for row in outcomes.sessions)
    return OutcomeTables(
        programs=tuple(
            ProgramRows(
                program=program.program,
                learners=str(program.matched),
                suppressed=program.suppressed,
                cells=None
                if program.suppressed
                else _cells(program.pre_mean, program.post_mean, program.change),
                topics=tuple(
                    (topic.topic, _cells(topic.pre_mean, topic.post_mean, topic.change))
                    for topic in program.topics
                ),
            )
            for program in outcomes.programs
        ),
        sessions=tuple(
            SessionRow(
                title=row.title,
                date=date,
                part=row.part,
                evaluations=str(row.overall.n),
                suppressed=row.overall.suppressed,
                **{
                    column: "" if row.overall.suppressed else num(getattr(row, column).mean, 2)
                    for column in ("overall", "relevance", "changed_view")
                },
            )
            for row, date in zip(outcomes.sessions, dates, strict=True)
        ),
    )
