from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from rotation.dates import day_month_times


def test_day_month_times_read_as_the_date_filter_in_the_current_time_zone():
    # Every month, single- and double-digit days, midnight and both daylight-saving changes.
    values = [
        datetime(2026, 1, 1, 0, 5, tzinfo=UTC) + timedelta(days=day, hours=7 * day)
        for day in range(0, 400, 3)
    ] + [
        datetime(2026, 3, 8, 6, 59, tzinfo=UTC),
        datetime(2026, 3, 8, 7, 1, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
    ]

    for zone in ("America/New_York", "Asia/Kolkata"):
        with timezone.override(ZoneInfo(zone)):
            expected = [date_filter(timezone.localtime(value), "j M H:i") for value in values]

            assert day_month_times(values) == expected


def test_day_month_times_leave_missing_times_empty():
    when = datetime(2026, 11, 26, 19, 5, tzinfo=UTC)

    with timezone.override(ZoneInfo("America/New_York")):
        assert day_month_times([None, when]) == ["", "26 Nov 14:05"]
