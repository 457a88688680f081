"""What excusal letters list: the seminar days of each enrolled learner."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from rotation.models import Enrollment, ExcusalLetter, Program, SeminarSession
from rotation.selectors.roster import enrolled_learners


def seminar_sessions_for_letters(*, program: Program) -> list[SeminarSession]:
    return list(
        program.sessions.filter(status=SeminarSession.Status.PUBLISHED)
        .select_related("room__site__organization")
        .order_by("starts_at")
    )


def seminar_days(sessions: list[SeminarSession]) -> list[dict]:
    """One entry per seminar day: date, first start, last end, and the places, one per site
    with its rooms ("Boardroom A and Training Room 3, Keystone Health Plan, 1200 Market St"),
    so that a day in three rooms of one building names the address once."""
    days: dict[date, dict] = {}
    for session in sessions:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        entry = days.setdefault(
            start.date(), {"date": start.date(), "starts": start, "ends": end, "sites": {}}
        )
        entry["starts"], entry["ends"] = min(entry["starts"], start), max(entry["ends"], end)
        if session.room is not None:
            site = session.room.site
            rooms = entry["sites"].setdefault((site.organization.name, site.address), [])
            if session.room.name not in rooms:
                rooms.append(session.room.name)
    return [
        {
            "date": entry["date"],
            "starts": entry["starts"],
            "ends": entry["ends"],
            "places": [
                f"{' and '.join(rooms)}, {organization}, {address}"
                for (organization, address), rooms in entry["sites"].items()
            ],
        }
        for _day, entry in sorted(days.items())
    ]


def excusal_letter_context(*, enrollment: Enrollment, sessions=None) -> dict:
    program = enrollment.program
    if sessions is None:
        sessions = seminar_sessions_for_letters(program=program)
    return {
        "program": program,
        "learner": enrollment.learner,
        "days": seminar_days(sessions),
        "directors": list(program.directors.order_by("last_name")),
        "dated": _letter_date(enrollment),
    }


def _letter_date(enrollment: Enrollment) -> date:
    """A letter that was sent keeps the date it was sent; one not sent yet, or queued to be sent
    again, is dated today."""
    letter = getattr(enrollment, "excusal_letter", None)
    if letter is not None and letter.status == ExcusalLetter.Status.SENT and letter.sent_at:
        return timezone.localdate(letter.sent_at)
    return timezone.localdate()


def letters_for_program(*, program: Program) -> QuerySet[Enrollment]:
    return enrolled_learners(program=program).select_related("excusal_letter")
