"""The database itself refuses conflicts that the service's check could miss under concurrency."""

import threading
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rotation.models import SeminarSession
from rotation.services.scheduling import schedule_session
from tests.factories import (
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.markers import requires_postgresql

pytestmark = requires_postgresql

NINE = datetime(2027, 3, 2, 9, tzinfo=timezone.get_current_timezone())
TEN = datetime(2027, 3, 2, 10, tzinfo=timezone.get_current_timezone())


@pytest.mark.django_db
def test_database_refuses_a_double_booked_room():
    first = SeminarSessionFactory(starts_at=NINE, ends_at=TEN)

    with pytest.raises(IntegrityError, match="room_never_double_booked"), transaction.atomic():
        SeminarSessionFactory(room=first.room, starts_at=NINE, ends_at=TEN)


@pytest.mark.django_db
def test_database_refuses_a_faculty_member_in_two_places():
    first = SessionFacultyFactory(session__starts_at=NINE, session__ends_at=TEN)

    with pytest.raises(IntegrityError, match="faculty_never_in_two_places"), transaction.atomic():
        SessionFacultyFactory(
            faculty_member=first.faculty_member,
            session__starts_at=NINE.replace(minute=30),
            session__ends_at=TEN.replace(minute=30),
        )


@pytest.mark.django_db
def test_database_allows_back_to_back_and_cancelled_bookings():
    first = SeminarSessionFactory(starts_at=NINE, ends_at=TEN)
    SeminarSessionFactory(room=first.room, starts_at=TEN, ends_at=TEN.replace(hour=11))
    SeminarSessionFactory(room=first.room, starts_at=NINE, ends_at=TEN, status="cancelled")

    assert SeminarSession.objects.filter(room=first.room).count() == 3


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_bookings_of_one_room_leave_exactly_one_session():
    room = MeetingRoomFactory()
    programs = [ProgramFactory() for _ in range(20)]
    start = threading.Barrier(20)
    outcomes = []

    def book(program):
        try:
            start.wait()
            schedule_session(program=program, title="Race", starts_at=NINE, ends_at=TEN, room=room)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(program,)) for program in programs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked"] + ["refused"] * 19
    assert SeminarSession.objects.filter(room=room).count() == 1
