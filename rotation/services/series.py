"""Recurring series: their dates, scheduled all or nothing through the single-session check."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import MeetingRoom
from rotation.models import Program, SeminarSession, Topic, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.scheduling import FacultyRoles, check_conflicts, schedule_session


def series_dates(*, first: date, count: int, rule: str) -> list[date]:
    """Dates of a recurring series starting on `first`: "weekly", "biweekly" or "monthly"
    (monthly keeps the weekday's ordinal, e.g. the first Tuesday of each month)."""
    if rule == "weekly":
        return [first + timedelta(weeks=n) for n in range(count)]
    if rule == "biweekly":
        return [first + timedelta(weeks=2 * n) for n in range(count)]
    if rule != "monthly":
        raise ValueError(f"Unknown recurrence {rule!r}.")
    ordinal = (first.day - 1) // 7  # 0 = first <weekday> of the month
    dates = []
    for n in range(count):
        month_index = first.month - 1 + n
        year, month = first.year + month_index // 12, month_index % 12 + 1
        month_first = date(year, month, 1)
        day = month_first + timedelta(days=(first.weekday() - month_first.weekday()) % 7)
        day += timedelta(weeks=ordinal)
        if day.month != month:  # a fifth <weekday> that this month lacks: use the last one
            day -= timedelta(weeks=1)
        dates.append(day)
    return dates


def schedule_series(
    *,
    program: Program,
    title: str,
    dates: list[date],
    start: time,
    end: time,
    room: MeetingRoom | None = None,
    topic: Topic | None = None,
    faculty: FacultyRoles = (),
    description: str = "",
    actor: User | None = None,
) -> list[SeminarSession]:
    """Schedule one session on each date, all or nothing. Every occurrence is checked first;
    if any collides, ValidationError lists the conflicts date by date and nothing is saved."""
    ensure_program_is_active(program)
    faculty = list(faculty)
    members = [member for member, _role in faculty]
    slots = []
    problems = []
    for day in dates:
        starts_at = timezone.make_aware(datetime.combine(day, start))
        ends_at = timezone.make_aware(datetime.combine(day, end))
        label = date_format(day, "D j M Y")
        try:
            check_conflicts(
                program=program,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                faculty_members=members,
            )
        except ValidationError as refusal:
            problems += [f"{label}: {message}" for message in refusal.messages]
        slots.append((starts_at, ends_at))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        return [
            schedule_session(
                program=program,
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                topic=topic,
                faculty=faculty,
                description=description,
                actor=actor,
            )
            for starts_at, ends_at in slots
        ]
