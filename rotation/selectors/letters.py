"""What excusal letters list: the seminar days of each enrolled learner."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from rotation.models import Enrollment, Program, SeminarSession
from rotation.selectors.roster import enrolled_learners


def seminar_sessions_for_letters(*, program: Program) -> list[SeminarSession]:
    return list(
        program.sessions.filter(status=SeminarSession.Status.PUBLISHED)
        .select_related("room__site__organization")
        .order_by("starts_at")
    )


def seminar_days(sessions: list[SeminarSession]) -> list[dict]:
    """One entry per seminar day: date, first start, last end, and the places."""
    days: dict[date, dict] = {}
    for session in sessions:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        entry = days.setdefault(
            start.date(), {"date": start.date(), "starts": start, "ends": end, "places": []}
        )
        entry["starts"], entry["ends"] = min(entry["starts"], start), max(entry["ends"], end)
        if session.room is not None:
            place = f"{session.room.name}, {session.room.site.organization.name}, "
            place += session.room.site.address
            if place not in entry["places"]:
                entry["places"].append(place)
    return [days[day] for day in sorted(days)]


def excusal_letter_context(*, enrollment: Enrollment, sessions=None) -> dict:
    program = enrollment.program
    if sessions is None:
        sessions = seminar_sessions_for_letters(program=program)
    return {
        "program": program,
        "learner": enrollment.learner,
        "days": seminar_days(sessions),
        "directors": list(program.directors.order_by("last_name")),
        "today": timezone.localdate(),
    }


def letters_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return enrolled_learners(program=program).select_related("excusal_letter")
