from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rotation.models import SeminarSession
from rotation.services.scheduling import cancel_session, schedule_session
from tests.factories import FacultyMemberFactory, MeetingRoomFactory, ProgramFactory, TopicFactory

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 2, hour, minute, tzinfo=timezone.get_current_timezone())


def book(program, room, start, end, title="Session", faculty=()):
    return schedule_session(
        program=program, title=title, starts_at=start, ends_at=end, room=room, faculty=faculty
    )


def test_room_cannot_be_double_booked_and_the_message_names_the_session():
    room = MeetingRoomFactory(name="Boardroom A")
    book(ProgramFactory(), room, at(9), at(10, 30), title="Value-based payment")

    with pytest.raises(ValidationError) as refused:
        book(ProgramFactory(), room, at(10), at(11))

    assert refused.value.messages == [
        f"{room} is already booked at that time: "
        "“Value-based payment” (Tue 2 Mar 2027, 09:00–10:30)."
    ]
    assert SeminarSession.objects.count() == 1


def test_faculty_member_cannot_teach_two_sessions_at_once():
    member = FacultyMemberFactory(first_name="Maria", last_name="Alvarez")
    book(ProgramFactory(), MeetingRoomFactory(), at(9), at(10), "Quality", [(member, "lead")])

    with pytest.raises(ValidationError) as refused:
        book(
            ProgramFactory(),
            MeetingRoomFactory(),
            at(9, 30),
            at(11),
            "Cost",
            [(member, "panelist")],
        )

    assert refused.value.messages == [
        "Maria Alvarez already teaches at that time: “Quality” (Tue 2 Mar 2027, 09:00–10:00)."
    ]


def test_sessions_of_one_program_do_not_overlap():
    program = ProgramFactory(name="Spring")
    book(program, MeetingRoomFactory(), at(9), at(10), "Opening")

    with pytest.raises(ValidationError) as refused:
        book(program, MeetingRoomFactory(), at(9, 59), at(11))

    assert refused.value.messages == [
        "The program already has a session at that time: “Opening” (Tue 2 Mar 2027, 09:00–10:00)."
    ]


def test_back_to_back_sessions_are_allowed():
    program, room, member = ProgramFactory(), MeetingRoomFactory(), FacultyMemberFactory()
    book(program, room, at(9), at(10), faculty=[(member, "lead")])

    book(program, room, at(10), at(11), faculty=[(member, "lead")])

    assert SeminarSession.objects.filter(room=room).count() == 2


def test_a_cancelled_session_frees_its_room_and_faculty():
    room, member = MeetingRoomFactory(), FacultyMemberFactory()
    first = book(ProgramFactory(), room, at(9), at(10), faculty=[(member, "lead")])
    cancel_session(session=first)

    book(ProgramFactory(), room, at(9), at(10), faculty=[(member, "lead")])

    assert first.faculty_assignments.get().is_session_cancelled is True
    assert SeminarSession.objects.exclude(status="cancelled").count() == 1


def test_moving_a_session_moves_its_faculty_copies():
    member = FacultyMemberFactory()
    session = book(
        ProgramFactory(), MeetingRoomFactory(), at(9), at(10), faculty=[(member, "lead")]
    )

    schedule_session(
        program=session.program,
        title=session.title,
        starts_at=at(14),
        ends_at=at(15),
        room=session.room,
        faculty=[(member, "moderator")],
        session=session,
    )

    assignment = session.faculty_assignments.get()
    assert (assignment.starts_at, assignment.ends_at, assignment.role) == (
        at(14),
        at(15),
        "moderator",
    )


def test_a_session_may_be_saved_again_in_its_own_slot():
    session = book(ProgramFactory(), MeetingRoomFactory(), at(9), at(10))

    schedule_session(
        program=session.program,
        title="Renamed",
        starts_at=at(9),
        ends_at=at(10),
        room=session.room,
        session=session,
    )

    assert SeminarSession.objects.get().title == "Renamed"


def test_a_session_must_end_after_it_starts():
    with pytest.raises(ValidationError) as refused:
        book(ProgramFactory(), MeetingRoomFactory(), at(10), at(10))

    assert refused.value.messages == ["A session must end after it starts."]


def test_topic_of_another_program_is_refused():
    with pytest.raises(ValidationError) as refused:
        schedule_session(
            program=ProgramFactory(),
            title="Wrong topic",
            starts_at=at(9),
            ends_at=at(9) + timedelta(hours=1),
            topic=TopicFactory(),
        )

    assert refused.value.messages == ["The topic belongs to another program."]


def test_a_co_faculty_members_declining_does_not_hide_a_conflict():
    member, colleague = FacultyMemberFactory(), FacultyMemberFactory()
    first = book(
        ProgramFactory(),
        MeetingRoomFactory(),
        at(9),
        at(10),
        "Quality",
        [(member, "lead"), (colleague, "panelist")],
    )
    first.faculty_assignments.filter(faculty_member=colleague).update(confirmation="declined")

    with pytest.raises(ValidationError) as refused:
        book(ProgramFactory(), MeetingRoomFactory(), at(9), at(10), "Cost", [(member, "lead")])

    assert refused.value.messages == [
        f"{member} already teaches at that time: “Quality” (Tue 2 Mar 2027, 09:00–10:00)."
    ]
