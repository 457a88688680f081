from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rotation.models import SeminarSession
from rotation.services.scheduling import schedule_session
from rotation.services.series import schedule_series
from tests.factories import FacultyMemberFactory, MeetingRoomFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_series_conflict_reads_as_the_single_session_conflict_with_its_date():
    room = MeetingRoomFactory(name="Boardroom A")
    member = FacultyMemberFactory(first_name="Maria", last_name="Alvarez")
    second_week = date(2027, 3, 9)
    schedule_session(
        program=ProgramFactory(),
        title="Value-based payment",
        starts_at=at(second_week, 9),
        ends_at=at(second_week, 10),
        room=room,
        faculty=[(member, "lead")],
    )
    program = ProgramFactory()
    with pytest.raises(ValidationError) as single:
        schedule_session(
            program=program,
            title="Quality",
            starts_at=at(second_week, 9),
            ends_at=at(second_week, 10),
            room=room,
            faculty=[(member, "lead")],
        )

    with pytest.raises(ValidationError) as series:
        schedule_series(
            program=program,
            title="Quality",
            dates=[date(2027, 3, 2), second_week, date(2027, 3, 16)],
            start=time(9),
            end=time(10),
            room=room,
            faculty=[(member, "lead")],
        )

    assert len(single.value.messages) == 2
    assert series.value.messages == [
        f"Tue 9 Mar 2027: {message}" for message in single.value.messages
    ]
    assert SeminarSession.objects.filter(program=program).count() == 0
