"""Dates for long tables: the date filter's formats without asking the locale on every row."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format


def day_month_times(values: Iterable[datetime | None]) -> list[str]:
    """Each aware datetime as {{ value|date:"j M H:i" }} shows it, in the current time zone
    ("26 Nov 14:05"; "" for None). The month's name is translated once per month of the table;
    the date filter resolves the format and the translation again for every value."""
    months: dict[int, str] = {}
    shown = []
    for value in values:
        if value is None:
            shown.append("")
            continue
        local = timezone.localtime(value)
        if local.month not in months:
            months[local.month] = date_format(local, "M")
        shown.append(f"{local.day} {months[local.month]} {local:%H:%M}")
    return shown


@dataclass(frozen=True)
class SessionTimes:
    """A session's start and end as the schedules show them, in the current time zone."""

    iso_start: str  # {{ starts_at|date:"c" }}, for <time datetime>
    start: str  # {{ starts_at|date:"D j M Y, H:i" }}
    end: str  # {{ ends_at|date:"H:i" }}


def session_times(sessions: Iterable) -> list[SessionTimes]:
    """Each session's times as the date filter shows them in the formats above ("Mon 2 Nov 2026,
    09:00" to "10:30"). Day and month names are translated once each per table; the date filter
    resolves the format and the translation again for every value."""
    names: dict[tuple[str, int], str] = {}

    def name(code: str, number: int, local: datetime) -> str:
        if (code, number) not in names:
            names[code, number] = date_format(local, code)
        return names[code, number]

    shown = []
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        day, month = name("D", start.weekday(), start), name("M", start.month, start)
        shown.append(
            SessionTimes(
                iso_start=start.isoformat(),
                start=f"{day} {start.day} {month} {start.year:04d}, {start:%H:%M}",
                end=f"{timezone.localtime(session.ends_at):%H:%M}",
            )
        )
    return shown


def month_day_years(values: Iterable[datetime]) -> list[str]:
    """Each aware datetime as {{ value|date:"M j, Y" }} shows it, in the current time zone
    ("Nov 26, 2026"), the month's name translated once per month of the table."""
    months: dict[int, str] = {}
    shown = []
    for value in values:
        local = timezone.localtime(value)
        if local.month not in months:
            months[local.month] = date_format(local, "M")
        shown.append(f"{months[local.month]} {local.day}, {local.year:04d}")
    return shown
