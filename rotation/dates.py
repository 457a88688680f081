"""Dates for long tables: the date filter's "j M H:i" without asking the locale on every row."""

from collections.abc import Iterable
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
