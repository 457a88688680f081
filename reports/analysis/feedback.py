"""A faculty member's own feedback: the ratings of each of their sessions and of their own
teaching, summarised; nothing is shown for fewer than `MIN_CELL` evaluations, and no
learner's words or identity ever are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from reports.analysis.ratings import RatingSummary, rating_summary


@dataclass(frozen=True)
class FeedbackRows:
    """As `reports.selectors.feedback_rows` reads them: primitives only."""

    name: str
    organization: str
    sessions: tuple[tuple[int, str, str, datetime], ...]  # pk, title, program, starts_at
    session_ratings: tuple[tuple[int, int, int, int], ...]
    # ^ session id, overall, relevance, changed view
    own_ratings: tuple[tuple[int, int], ...]  # session id, effectiveness of this member


@dataclass(frozen=True)
class FeedbackSessionRow:
    title: str
    program: str
    starts_at: datetime
    overall: RatingSummary
    relevance: RatingSummary
    changed_view: RatingSummary
    effectiveness: RatingSummary


@dataclass(frozen=True)
class FacultyFeedback:
    name: str
    organization: str
    sessions: tuple[FeedbackSessionRow, ...]
    effectiveness: RatingSummary


def summarise_feedback(rows: FeedbackRows) -> FacultyFeedback:
    ratings: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for session_id, *values in rows.session_ratings:
        ratings[session_id].append(tuple(values))
    mine: dict[int, list[int]] = defaultdict(list)
    for session_id, score in rows.own_ratings:
        mine[session_id].append(score)
    sessions = tuple(
        FeedbackSessionRow(
            title=title,
            program=program,
            starts_at=starts_at,
            overall=rating_summary([r[0] for r in ratings[pk]]),
            relevance=rating_summary([r[1] for r in ratings[pk]]),
            changed_view=rating_summary([r[2] for r in ratings[pk]]),
            effectiveness=rating_summary(mine[pk]),
        )
        for pk, title, program, starts_at in rows.sessions
    )
    return FacultyFeedback(
        name=rows.name,
        organization=rows.organization,
        sessions=sessions,
        effectiveness=rating_summary([score for scores in mine.values() for score in scores]),
    )
