"""The timeline editor's endpoints: the page, the dry-run check, moving or resizing a session and
scheduling a topic, each through the scheduling service (conflicts refused with the reason,
warnings returned, archive guard, audit)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from outbox.models import Job
from rotation.models import ProgramPartner, SeminarSession
from rotation.selectors.schedule import (
    Partnerships,
    partnerships_of,
    rooms_for_program,
)
from rotation.selectors.timeline import timeline_sessions
from rotation.services.programs import archive_program
from rotation.services.scheduling import schedule_session
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def setting(program):
    """A 3-day program hosted in two rooms (20 and 8 seats), a session in the big room on day 2
    at 09:00-10:00 with a lead, and a topic without a session."""
    program.start_date, program.end_date = date(2027, 3, 2), date(2027, 3, 4)
    program.save()
    big = MeetingRoomFactory(name="Boardroom A", capacity=20)
    host = big.site.organization
    small = MeetingRoomFactory(name="Huddle B", capacity=8, site=big.site)
    ProgramPartner.objects.create(program=program, organization=host, role="host_content")
    lead = FacultyMemberFactory(organization=host, first_name="Maria", last_name="Alvarez")
    session = schedule_session(
        program=program,
        title="Quality measurement",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=big,
        faculty=[(lead, "lead")],
    )
    topic = TopicFactory(program=program, title="Prior authorization")
    return {"big": big, "small": small, "session": session, "topic": topic, "lead": lead}


def slot(day="2027-03-02", start="09:00", end="10:00", room=None):
    return {"day": day, "start": start, "end": end, "room": room.pk if room else ""}


def move_url(program, session):
    return f"/programs/{program.slug}/sessions/{session.pk}/move/"


def check_url(program):
    return f"/programs/{program.slug}/schedule/timeline/check/"


def times(session):
    session.refresh_from_db()
    return (session.starts_at, session.ends_at, session.room_id)


def test_the_page_places_each_block_on_the_time_axis_and_lists_unscheduled_topics(
    client, director, program, setting
):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/schedule/timeline/")

    timeline = response.context["timeline"]
    assert response.status_code == 200
    assert [day.day for day in timeline.days] == [date(2027, 3, d) for d in (2, 3, 4)]
    assert [str(room) for room in timeline.rooms] == [str(setting["big"]), str(setting["small"])]
    assert (timeline.first_minute, timeline.rows) == (8 * 60, 40)
    block = timeline.days[0].columns[0].blocks[0]
    assert (block.session, block.row, block.span, block.start, block.end) == (
        setting["session"],
        5,
        4,
        "09:00",
        "10:00",
    )
    assert [topic.title for topic in response.context["topics"]] == ["Prior authorization"]
    body = response.content.decode()
    assert 'class="tl-block tl-at-5 tl-span-4 status-draft is-movable has-warnings"' in body
    assert f'data-url="/programs/{program.slug}/topics/{setting["topic"].pk}/schedule/"' in body


def test_the_timelines_rooms_are_rooms_for_program_in_its_order_with_the_sessions_inactive_rooms(
    program, setting
):
    other = MeetingRoomFactory(name="Aardvark Hall")  # at no partner: listed after the host's
    content = MeetingRoomFactory(name="Zeta Room")
    ProgramPartner.objects.create(
        program=program, organization=content.site.organization, role="content"
    )
    closed = MeetingRoomFactory(name="Closed Room", site=setting["big"].site, is_active=False)
    SeminarSessionFactory(program=program, room=closed, starts_at=at(3, 9), ends_at=at(3, 10))
    MeetingRoomFactory(name="Unused Closed Room", is_active=False)
    EnrollmentFactory(program=program)
    partnerships = partnerships_of(program=program)

    sessions, rooms = timeline_sessions(program=program, partnerships=partnerships)

    expected = list(rooms_for_program(program=program))
    assert partnerships == Partnerships(
        enrolled=1,
        roles={
            setting["big"].site.organization_id: "host_content",
            content.site.organization_id: "content",
        },
    )
    assert [room for room in rooms if room.is_active] == expected
    assert [room.is_host for room in rooms if room.is_active] == [r.is_host for r in expected]
    assert [(room, room.is_host) for room in rooms if not room.is_active] == [(closed, False)]
    assert other in expected
    assert [session.room for session in sessions] == [setting["big"], closed]
    assert all(session.room in rooms for session in sessions)


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_runs_the_same_queries_whatever_the_number_of_sessions_and_topics(
    client, director, program, setting, count, django_assert_num_queries
):
    for index in range(1, count):
        member = FacultyMemberFactory(organization=setting["big"].site.organization)
        schedule_session(
            program=program,
            title=f"Session {index}",
            starts_at=at(3, 8 + index),
            ends_at=at(3, 9 + index),
            room=setting["small"],
            faculty=[(member, "lead")],
            topic=TopicFactory(program=program, title=f"Taught {index}"),
        )
        TopicFactory(program=program, title=f"Topic {index}")
    client.force_login(director)
    client.get(f"/programs/{program.slug}/schedule/timeline/")  # warm the session and rules

    with django_assert_num_queries(9):
        response = client.get(f"/programs/{program.slug}/schedule/timeline/")

    assert len(response.context["timeline"].blocks) == count


def test_dragging_a_session_to_another_time_and_room_saves_it_and_offers_undo(
    client, director, program, setting
):
    session = setting["session"]
    client.force_login(director)

    response = client.post(
        move_url(program, session),
        slot(day="2027-03-03", start="13:15", end="14:15", room=setting["small"]),
        headers=JSON,
    )

    assert response.status_code == 200
    assert response.json() == {
        "saved": True,
        "session": session.pk,
        "message": "Moved “Quality measurement” to Wed 3 Mar 2027, 13:15–14:15, Huddle B.",
        "warnings": ["Maria Alvarez has not confirmed yet."],
        "previous": {
            "day": "2027-03-02",
            "start": "09:00",
            "end": "10:00",
            "room": str(setting["big"].pk),
        },
    }
    assert times(session) == (at(3, 13, 15), at(3, 14, 15), setting["small"].pk)
    assert session.faculty_assignments.get().starts_at == at(3, 13, 15)
    event = AuditEvent.objects.filter(action="session.changed").get()
    assert event.actor == director

    undo = client.post(move_url(program, session), response.json()["previous"], headers=JSON)

    assert undo.json()["saved"] is True
    assert times(session) == (at(2, 9), at(2, 10), setting["big"].pk)


def test_resizing_changes_only_the_end(client, director, program, setting):
    session = setting["session"]
    client.force_login(director)

    response = client.post(
        move_url(program, session), slot(end="11:30", room=setting["big"]), headers=JSON
    )

    assert response.json()["message"] == (
        "Moved “Quality measurement” to Tue 2 Mar 2027, 09:00–11:30, Boardroom A."
    )
    assert times(session) == (at(2, 9), at(2, 11, 30), setting["big"].pk)


def test_a_move_onto_a_booked_room_is_refused_with_the_reason_and_nothing_changes(
    client, director, program, setting
):
    schedule_session(
        program=ProgramFactory(),
        title="Value-based payment",
        starts_at=at(3, 9),
        ends_at=at(3, 10),
        room=setting["small"],
    )
    session = setting["session"]
    client.force_login(director)

    response = client.post(
        move_url(program, session), slot(day="2027-03-03", room=setting["small"]), headers=JSON
    )

    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "refusals": [
            f"{setting['small']} is already booked at that time: "
            "“Value-based payment” (Wed 3 Mar 2027, 09:00–10:00)."
        ],
    }
    assert times(session) == (at(2, 9), at(2, 10), setting["big"].pk)
    assert not AuditEvent.objects.filter(action="session.changed").exists()


def test_a_move_onto_the_faculty_members_other_session_is_refused(
    client, director, program, setting
):
    other = schedule_session(
        program=ProgramFactory(),
        title="Care management",
        starts_at=at(3, 9),
        ends_at=at(3, 10),
    )
    SessionFacultyFactory(session=other, faculty_member=setting["lead"])
    client.force_login(director)

    response = client.post(
        move_url(program, setting["session"]), slot(day="2027-03-03"), headers=JSON
    )

    assert response.json()["refusals"] == [
        "Maria Alvarez already teaches at that time: “Care management” (Wed 3 Mar 2027, "
        "09:00–10:00)."
    ]


def test_the_check_shows_conflicts_and_warnings_without_saving_anything(
    client, director, program, setting
):
    for _ in range(12):
        EnrollmentFactory(program=program)
    schedule_session(
        program=program, title="Care management", starts_at=at(3, 9), ends_at=at(3, 10)
    )
    session = setting["session"]
    client.force_login(director)
    events = AuditEvent.objects.count()

    conflict = client.get(
        check_url(program), {"session": session.pk, **slot(day="2027-03-03", start="09:30")}
    )
    warning = client.get(
        check_url(program),
        {"session": session.pk, **slot(start="14:00", end="15:00", room=setting["small"])},
    )
    free = client.get(
        check_url(program),
        {"session": session.pk, **slot(start="14:00", end="15:00", room=setting["big"])},
    )

    assert conflict.json() == {
        "possible": False,
        "refusals": [
            "The program already has a session at that time: “Care management” "
            "(Wed 3 Mar 2027, 09:00–10:00)."
        ],
        "warnings": [],
    }
    assert warning.json() == {
        "possible": True,
        "refusals": [],
        "warnings": [
            f"{setting['small']} seats 8; 12 learners are enrolled.",
            "Maria Alvarez has not confirmed yet.",
        ],
    }
    assert free.json() == {
        "possible": True,
        "refusals": [],
        "warnings": ["Maria Alvarez has not confirmed yet."],
    }
    assert times(session) == (at(2, 9), at(2, 10), setting["big"].pk)
    assert AuditEvent.objects.count() == events


def test_the_check_for_a_dropped_topic_creates_nothing(client, director, program, setting):
    client.force_login(director)

    response = client.get(
        check_url(program), {"topic": setting["topic"].pk, **slot(room=setting["big"])}
    )

    assert response.json()["refusals"] == [
        f"{setting['big']} is already booked at that time: “Quality measurement” "
        "(Tue 2 Mar 2027, 09:00–10:00).",
        "The program already has a session at that time: “Quality measurement” "
        "(Tue 2 Mar 2027, 09:00–10:00).",
    ]
    assert SeminarSession.objects.count() == 1


def test_dropping_a_topic_schedules_a_draft_session_named_after_it(
    client, director, program, setting
):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/topics/{setting['topic'].pk}/schedule/",
        slot(day="2027-03-04", start="10:00", end="11:00", room=setting["big"]),
        headers=JSON,
    )

    created = SeminarSession.objects.get(topic=setting["topic"])
    assert response.json() == {
        "saved": True,
        "session": created.pk,
        "message": "Scheduled “Prior authorization” on Thu 4 Mar 2027, 10:00–11:00.",
        "warnings": [],
        "previous": None,
    }
    assert (created.title, created.status, created.starts_at, created.room) == (
        "Prior authorization",
        "draft",
        at(4, 10),
        setting["big"],
    )
    assert AuditEvent.objects.filter(action="session.scheduled", target_id=str(created.pk)).exists()


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (slot(day="2027-03-09"), "9 Mar 2027 is outside"),
        (slot(day="2020-03-02"), "Mon 2 Mar 2020, 09:00 is in the past"),
        (slot(start="10:00", end="09:00"), "A session must end after it starts."),
        (slot(day="not a date"), "Enter a valid date."),
    ],
)
def test_a_slot_outside_the_program_in_the_past_or_malformed_is_refused(
    client, director, program, setting, data, refusal
):
    client.force_login(director)

    response = client.post(move_url(program, setting["session"]), data, headers=JSON)

    assert response.status_code == 400
    assert response.json()["refusals"][0].startswith(refusal)
    assert times(setting["session"]) == (at(2, 9), at(2, 10), setting["big"].pk)


def test_a_session_that_has_started_cannot_be_moved(client, director, program, setting):
    session = setting["session"]
    SeminarSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timezone.timedelta(hours=1)
    )
    client.force_login(director)

    response = client.post(move_url(program, session), slot(), headers=JSON)

    assert response.json()["refusals"] == [
        "“Quality measurement” has already started: it cannot be moved."
    ]


def test_an_archived_program_refuses_moves_and_topic_drops(client, director, program, setting):
    archive_program(program=program)
    client.force_login(director)

    moved = client.post(
        move_url(program, setting["session"]), slot(start="11:00", end="12:00"), headers=JSON
    )
    dropped = client.post(
        f"/programs/{program.slug}/topics/{setting['topic'].pk}/schedule/",
        slot(start="11:00", end="12:00"),
        headers=JSON,
    )
    page = client.get(f"/programs/{program.slug}/schedule/timeline/")

    archived = f"{program.name} is archived: it can be read but no longer changed. "
    assert moved.json()["refusals"] == [archived + "Site staff can unarchive it."]
    assert dropped.json()["refusals"] == [archived + "Site staff can unarchive it."]
    assert times(setting["session"]) == (at(2, 9), at(2, 10), setting["big"].pk)
    assert "is-movable" not in page.content.decode()
    assert "Move…" not in page.content.decode()


def test_the_plain_move_form_redirects_back_with_a_message(client, director, program, setting):
    client.force_login(director)

    response = client.post(
        move_url(program, setting["session"]),
        slot(start="11:00", end="12:00", room=setting["big"]),
        follow=True,
    )

    assert response.redirect_chain == [(f"/programs/{program.slug}/schedule/timeline/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Moved “Quality measurement” to Tue 2 Mar 2027, 11:00–12:00, Boardroom A.",
        "Warning: Maria Alvarez has not confirmed yet.",
    ]


def test_another_programs_director_can_neither_check_nor_move(client, program, setting):
    stranger = UserFactory()
    ProgramFactory(directors=[stranger])
    client.force_login(stranger)

    check = client.get(check_url(program), {"session": setting["session"].pk, **slot()})
    move = client.post(move_url(program, setting["session"]), slot(start="11:00", end="12:00"))

    assert (check.status_code, move.status_code) == (403, 403)
    assert times(setting["session"]) == (at(2, 9), at(2, 10), setting["big"].pk)


def test_a_session_or_topic_of_another_program_is_not_found(client, director, program, setting):
    elsewhere = schedule_session(
        program=ProgramFactory(), title="Elsewhere", starts_at=at(2, 14), ends_at=at(2, 15)
    )
    foreign_topic = TopicFactory(program=elsewhere.program)
    client.force_login(director)

    responses = [
        client.get(check_url(program), {"session": elsewhere.pk, **slot()}),
        client.get(check_url(program), {"topic": foreign_topic.pk, **slot()}),
        client.post(move_url(program, elsewhere), slot(start="11:00", end="12:00")),
        client.post(f"/programs/{program.slug}/topics/{foreign_topic.pk}/schedule/", slot()),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"session": "99999999999999999999999", **slot()},
        {"session": "٣", **slot()},
        {"topic": "-1", **slot()},
        {"session": "1", "day": "2027-03-02\x00", "start": "9", "end": "x", "room": "abc"},
        {"session": "1", **slot(), "room": "99999999999999999999"},
    ],
)
def test_the_check_answers_hostile_input_with_a_clear_refusal(
    client, director, program, setting, params
):
    client.force_login(director)

    response = client.get(check_url(program), params)

    assert response.status_code in (400, 404)
    if response["Content-Type"] == "application/json":
        assert response.json()["possible"] is False
        assert response.json()["refusals"]


def test_moving_a_published_session_tells_its_people_but_checking_it_tells_nobody(
    client, director, program, setting
):
    session = setting["session"]
    SeminarSession.objects.filter(pk=session.pk).update(
        status="published", published_at=timezone.now()
    )
    client.force_login(director)

    client.get(check_url(program), {"session": session.pk, **slot(start="11:00", end="12:00")})
    assert Job.objects.filter(task_name="rotation.notify_session_changed").count() == 0

    client.post(move_url(program, session), slot(start="11:00", end="12:00"), headers=JSON)

    job = Job.objects.get(task_name="rotation.notify_session_changed")
    assert job.kwargs == {
        "session_id": session.pk,
        "summary": "Time: Tue 2 Mar 2027, 09:00–10:00 → Tue 2 Mar 2027, 11:00–12:00\n"
        f"Room: {setting['big']} → to be announced",
    }
