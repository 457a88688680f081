from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from rotation.dates import SessionTimes, day_month_times, month_day_years, session_times

# Every month and weekday, single- and double-digit days, midnight and both daylight-saving
# changes.
VALUES = [
    datetime(2026, 1, 1, 0, 5, tzinfo=UTC) + timedelta(days=day, hours=7 * day)
    for day in range(0, 400, 3)
] + [
    datetime(2026, 3, 8, 6, 59, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 1, tzinfo=UTC),
    datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
]


def test_day_month_times_read_as_the_date_filter_in_the_current_time_zone():
    for zone in ("America/New_York", "Asia/Kolkata"):
        with timezone.override(ZoneInfo(zone)):
            expected = [date_filter(timezone.localtime(value), "j M H:i") for value in VALUES]

            assert day_month_times(VALUES) == expected


def test_day_month_times_leave_missing_times_empty():
    when = datetime(2026, 11, 26, 19, 5, tzinfo=UTC)

    with timezone.override(ZoneInfo("America/New_York")):
        assert day_month_times([None, when]) == ["", "26 Nov 14:05"]


def test_month_day_years_read_as_the_date_filter_in_the_current_time_zone():
    for zone in ("America/New_York", "Asia/Kolkata"):
        with timezone.override(ZoneInfo(zone)):
            expected = [date_filter(timezone.localtime(value), "M j, Y") for value in VALUES]

            assert month_day_years(VALUES) == expected


def test_month_day_years_of_a_known_time():
    when = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # still the 26th in New York

    with timezone.override(ZoneInfo("America/New_York")):
        assert month_day_years([when]) == ["Nov 26, 2026"]


def test_session_times_read_as_the_date_filter_in_the_current_time_zone():
    sessions = [
        SimpleNamespace(starts_at=value, ends_at=value + timedelta(minutes=90)) for value in VALUES
    ]

    for zone in ("America/New_York", "Asia/Kolkata"):
        with timezone.override(ZoneInfo(zone)):
            expected = [
                SessionTimes(
                    iso_start=date_filter(timezone.localtime(session.starts_at), "c"),
                    start=date_filter(timezone.localtime(session.starts_at), "D j M Y, H:i"),
                    end=date_filter(timezone.localtime(session.ends_at), "H:i"),
                )
                for session in sessions
            ]

            assert session_times(sessions) == expected


def test_session_times_of_a_known_session():
    session = SimpleNamespace(
        starts_at=datetime(2026, 11, 2, 14, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 2, 15, 30, tzinfo=UTC),
    )

    with timezone.override(ZoneInfo("America/New_York")):
        assert session_times([session]) == [
            SessionTimes(
                iso_start="2026-11-02T09:00:00-05:00", start="Mon 2 Nov 2026, 09:00", end="10:30"
            )
        ]
