from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import timezone

from audit.models import AuditEvent
from rotation.models import ProgramPartner, SeminarSession
from rotation.services.scheduling import schedule_session
from rotation.services.series import series_dates
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def setting(program):
    """A host partner with one 20-seat room and two faculty members; a topic."""
    program.start_date, program.end_date = date(2027, 3, 2), date(2027, 3, 4)
    program.save()
    room = MeetingRoomFactory(name="Boardroom A", capacity=20)
    host = room.site.organization
    ProgramPartner.objects.create(program=program, organization=host, role="host_content")
    lead = FacultyMemberFactory(organization=host, first_name="Maria", last_name="Alvarez")
    panelist = FacultyMemberFactory(organization=host, first_name="David", last_name="Chen")
    topic = TopicFactory(program=program, title="How health plans measure quality")
    return {"room": room, "lead": lead, "panelist": panelist, "topic": topic}


def session_data(setting, **overrides):
    data = {
        "title": "Quality measurement",
        "topic": setting["topic"].pk,
        "day": "2027-03-02",
        "start": "09:00",
        "end": "10:30",
        "room": setting["room"].pk,
        "leads": [setting["lead"].pk],
        "panelists": [setting["panelist"].pk],
        "moderators": [],
        "description": "",
    }
    return {**data, **overrides}


def test_director_creates_a_draft_session_with_topic_room_and_faculty_roles(
    client, director, program, setting
):
    client.force_login(director)

    response = client.post(f"/programs/{program.slug}/sessions/new/", session_data(setting))

    session = SeminarSession.objects.get()
    assert response.url == f"/programs/{program.slug}/schedule/"
    assert (session.title, session.status, session.topic, session.room) == (
        "Quality measurement",
        "draft",
        setting["topic"],
        setting["room"],
    )
    assert (session.starts_at, session.ends_at) == (at(2, 9), at(2, 10, 30))
    assert sorted(session.faculty_assignments.values_list("faculty_member__last_name", "role")) == [
        ("Alvarez", "lead"),
        ("Chen", "panelist"),
    ]


def test_saving_through_htmx_returns_the_schedule_in_place_with_warnings(
    client, director, program, setting
):
    for _ in range(21):
        EnrollmentFactory(program=program)
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/?view=grid",
        session_data(setting),
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#schedule"
    assert response["HX-Reswap"] == "outerHTML"
    assert '<div id="editor" aria-live="polite" hx-swap-oob="true"></div>' in body
    assert [str(m) for m in response.context["messages"]] == [
        "Saved “Quality measurement”.",
        "Warning: Boardroom A (Site 0) seats 20; 21 learners are enrolled.".replace(
            "Site 0", setting["room"].site.name
        ),
        "Warning: Maria Alvarez has not confirmed yet.",
        "Warning: David Chen has not confirmed yet.",
    ]
    assert "<title>" not in body


def test_a_conflict_is_refused_with_a_message_naming_the_session_and_nothing_is_saved(
    client, director, program, setting
):
    other = ProgramFactory()
    schedule_session(
        program=other,
        title="Value-based payment",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
    )
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, start="09:30"),
        headers={"HX-Request": "true"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.non_field_errors() == [
        f"{setting['room']} is already booked at that time: "
        "“Value-based payment” (Tue 2 Mar 2027, 09:00–10:00)."
    ]
    assert form["title"].value() == "Quality measurement"
    assert "Not saved." in response.content.decode()
    assert SeminarSession.objects.filter(program=program).count() == 0


def test_moving_a_session_keeps_faculty_confirmation(client, director, program, setting):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
        faculty=[(setting["lead"], "lead")],
    )
    session.faculty_assignments.update(confirmation="confirmed")
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/sessions/{session.pk}/edit/",
        session_data(setting, day="2027-03-03", start="13:00", end="14:00", panelists=[]),
    )

    session.refresh_from_db()
    assignment = session.faculty_assignments.get()
    assert (session.starts_at, session.ends_at) == (at(3, 13), at(3, 14))
    assert (assignment.confirmation, assignment.starts_at) == ("confirmed", at(3, 13))


def test_the_list_shows_each_sessions_faculty_by_role_with_their_confirmation(
    client, director, program, setting
):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
        faculty=[(setting["panelist"], "panelist"), (setting["lead"], "lead")],
    )
    session.faculty_assignments.filter(role="lead").update(confirmation="confirmed")
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/schedule/")

    assert response.context["faculty"][session.pk][0].full_name == "Maria Alvarez"
    assert (
        'Maria Alvarez <span class="muted">(Lead, confirmed)</span><br>'
        'David Chen <span class="muted">(Panelist, awaiting confirmation)</span><br>'
    ) in response.content.decode()


def test_edit_form_is_prefilled_from_the_session(client, director, program, setting):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
        faculty=[(setting["lead"], "moderator")],
    )
    client.force_login(director)

    form = client.get(f"/programs/{program.slug}/sessions/{session.pk}/edit/").context["form"]

    assert form.initial["day"] == date(2027, 3, 2)
    assert form.initial["moderators"] == [setting["lead"].pk]
    assert form.initial["room"] == setting["room"].pk


def test_the_session_form_swaps_in_place_inside_the_schedule_and_posts_plainly_alone(
    client, director, program
):
    client.force_login(director)
    url = f"/programs/{program.slug}/sessions/new/"

    alone = client.get(url).content.decode()
    in_schedule = client.get(url, headers={"HX-Request": "true"}).content.decode()

    # On its own page there is no #editor to swap into: the form must post without htmx.
    assert (alone.count("hx-post="), in_schedule.count(f'hx-post="{url}"')) == (0, 1)


def test_a_faculty_member_cannot_take_two_roles(client, director, program, setting):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, panelists=[setting["lead"].pk]),
    )

    assert response.context["form"].non_field_errors() == ["Maria Alvarez can have only one role."]


def test_a_session_must_end_after_it_starts(client, director, program, setting):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/", session_data(setting, end="08:00")
    )

    assert response.context["form"].errors == {"end": ["A session must end after it starts."]}


def test_another_programs_session_is_not_found(client, director, program):
    foreign = SeminarSessionFactory()
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/sessions/{foreign.pk}/edit/")

    assert response.status_code == 404


def test_another_programs_topic_cannot_be_chosen(client, director, program, setting):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, topic=TopicFactory().pk),
    )

    assert response.context["form"].errors == {
        "topic": ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_cancelling_frees_the_room_and_is_shown_in_place(client, director, program, setting):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
    )
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/{session.pk}/cancel/",
        headers={"HX-Request": "true"},
    )

    session.refresh_from_db()
    assert session.status == "cancelled"
    assert response["HX-Retarget"] == "#schedule"
    assert [str(m) for m in response.context["messages"]] == [
        "Cancelled “Quality”. To undo, choose Restore next to it."
    ]
    assert client.get(f"/programs/{program.slug}/sessions/{session.pk}/edit/").status_code == 403


def test_cancel_asks_first_in_a_panel_and_changes_nothing(client, director, program, setting):
    session = schedule_session(
        program=program, title="Quality", starts_at=at(2, 9), ends_at=at(2, 10)
    )
    client.force_login(director)

    response = client.get(
        f"/programs/{program.slug}/sessions/{session.pk}/cancel/?view=grid",
        headers={"HX-Request": "true"},
    )

    session.refresh_from_db()
    html = response.content.decode()
    assert (session.status, html.count("<h1"), html.count("<h2>")) == ("draft", 0, 1)
    assert f'hx-post="/programs/{program.slug}/sessions/{session.pk}/cancel/?view=grid"' in html
    assert "The session leaves the timetable and frees its room and faculty." in html


def test_a_published_sessions_cancel_page_says_who_will_be_emailed(
    client, director, program, setting
):
    session = SeminarSessionFactory(
        program=program, status="published", published_at=timezone.now(), title="Quality"
    )
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/sessions/{session.pk}/cancel/")

    assert response.context["explanation"] == (
        "The session leaves the timetable and frees its room and faculty. Its learners and "
        "faculty will be emailed. You can restore it from the schedule afterwards."
    )


def test_restoring_a_cancelled_session_puts_it_back_as_it_was(
    client, director, program, setting, django_capture_on_commit_callbacks
):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=setting["room"],
        faculty=[(setting["lead"], "lead")],
    )
    client.force_login(director)
    client.post(f"/programs/{program.slug}/sessions/{session.pk}/cancel/")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/programs/{program.slug}/sessions/{session.pk}/restore/", follow=True
        )

    session.refresh_from_db()
    assignment = session.faculty_assignments.get()
    assert (session.status, assignment.is_session_cancelled) == ("draft", False)
    assert callbacks == []  # a draft was never announced, so nobody is told
    assert [str(m) for m in response.context["messages"]] == [
        "Cancelled “Quality”. To undo, choose Restore next to it.",
        "Restored “Quality”.",
    ]


def test_a_session_whose_slot_was_taken_cannot_be_restored(client, director, program, setting):
    first = schedule_session(
        program=program, title="Quality", starts_at=at(2, 9), ends_at=at(2, 10)
    )
    client.force_login(director)
    client.post(f"/programs/{program.slug}/sessions/{first.pk}/cancel/")
    schedule_session(program=program, title="Costs", starts_at=at(2, 9), ends_at=at(2, 10))

    response = client.post(
        f"/programs/{program.slug}/sessions/{first.pk}/restore/",
        headers={"HX-Request": "true"},
    )

    first.refresh_from_db()
    assert first.status == "cancelled"
    assert [str(m) for m in response.context["messages"]][-1] == (
        "“Quality” cannot be restored: The program already has a session at that time: "
        "“Costs” (Tue 2 Mar 2027, 09:00–10:00)."
    )


def test_warnings_name_a_room_outside_the_partners(client, director, program, setting):
    elsewhere = MeetingRoomFactory(name="Elsewhere", capacity=100)
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, room=elsewhere.pk, leads=[], panelists=[]),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Saved “Quality measurement”.",
        f"Warning: {elsewhere} is not at one of the program's partners.",
    ]


def test_the_grid_has_a_column_per_host_room_and_a_row_per_day(client, director, program, setting):
    session = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(3, 9),
        ends_at=at(3, 10),
        room=setting["room"],
    )
    client.force_login(director)

    context = client.get(f"/programs/{program.slug}/schedule/?view=grid").context

    assert context["rooms"] == [setting["room"]]
    assert [day.day for day in context["days"]] == [date(2027, 3, d) for d in (2, 3, 4)]
    assert [day.cells for day in context["days"]] == [[[], []], [[session], []], [[], []]]


@pytest.mark.parametrize("view", ["list", "grid"])
@pytest.mark.parametrize("rows", [1, 10])
def test_schedule_uses_a_constant_number_of_queries(
    client, director, program, setting, rows, view, django_assert_num_queries
):
    for number in range(rows):
        session = SeminarSessionFactory(
            program=program,
            room=MeetingRoomFactory(site=setting["room"].site),
            topic=TopicFactory(program=program),
        )
        SessionFacultyFactory(session=session)
        SessionFacultyFactory(session=session, confirmation="confirmed")
        EnrollmentFactory(program=program)
        assert number >= 0
    client.force_login(director)

    # The list also shows each session's patient partners (1 query).
    with django_assert_num_queries(8):
        response = client.get(f"/programs/{program.slug}/schedule/?view={view}")

    assert len(response.context["sessions"]) == rows


# --- Recurring series ---------------------------------------------------------------------------


def test_monthly_series_keeps_the_weekday_ordinal():
    dates = series_dates(first=date(2026, 9, 1), count=4, rule="monthly")

    assert dates == [date(2026, 9, 1), date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]


def test_a_fifth_weekday_falls_back_to_the_last_one_in_short_months():
    assert series_dates(first=date(2026, 9, 29), count=2, rule="monthly") == [
        date(2026, 9, 29),
        date(2026, 10, 27),
    ]


def test_weekly_and_biweekly_series():
    assert series_dates(first=date(2027, 1, 5), count=3, rule="weekly") == [
        date(2027, 1, 5),
        date(2027, 1, 12),
        date(2027, 1, 19),
    ]
    assert series_dates(first=date(2027, 1, 5), count=2, rule="biweekly") == [
        date(2027, 1, 5),
        date(2027, 1, 19),
    ]


@pytest.fixture
def autumn(program):
    """A distributed program over the autumn of 2026, seen from the summer before."""
    program.start_date, program.end_date = date(2026, 9, 1), date(2026, 11, 30)
    program.save()
    with time_machine.travel(datetime(2026, 8, 1, 12, tzinfo=UTC), tick=False):
        yield program


def series_data(setting, **overrides):
    return session_data(
        setting,
        day="2026-09-01",
        start="12:00",
        end="14:00",
        rule="monthly",
        count="3",
        **overrides,
    )


def test_director_schedules_a_monthly_series_in_one_step(
    client, director, program, setting, autumn
):
    client.force_login(director)

    response = client.post(f"/programs/{program.slug}/sessions/series/", series_data(setting))

    starts = [
        timezone.localtime(s.starts_at).strftime("%a %d %b %H:%M")
        for s in SeminarSession.objects.filter(program=program)
    ]
    assert response.status_code == 302
    assert starts == ["Tue 01 Sep 12:00", "Tue 06 Oct 12:00", "Tue 03 Nov 12:00"]
    assert SeminarSession.objects.filter(faculty_assignments__role="lead").count() == 3


def test_series_conflicts_are_listed_per_date_and_nothing_is_saved(
    client, director, program, setting, autumn
):
    tz = timezone.get_current_timezone()
    schedule_session(
        program=ProgramFactory(),
        title="Board meeting",
        starts_at=datetime(2026, 10, 6, 13, tzinfo=tz),
        ends_at=datetime(2026, 10, 6, 15, tzinfo=tz),
        room=setting["room"],
    )
    schedule_session(
        program=ProgramFactory(),
        title="Grand rounds",
        starts_at=datetime(2026, 11, 3, 11, tzinfo=tz),
        ends_at=datetime(2026, 11, 3, 12, 30, tzinfo=tz),
        faculty=[(setting["lead"], "lead")],
    )
    client.force_login(director)

    response = client.post(f"/programs/{program.slug}/sessions/series/", series_data(setting))

    assert response.context["form"].non_field_errors() == [
        f"Tue 6 Oct 2026: {setting['room']} is already booked at that time: "
        "“Board meeting” (Tue 6 Oct 2026, 13:00–15:00).",
        "Tue 3 Nov 2026: Maria Alvarez already teaches at that time: "
        "“Grand rounds” (Tue 3 Nov 2026, 11:00–12:30).",
    ]
    assert SeminarSession.objects.filter(program=program).count() == 0


def test_a_session_outside_the_program_is_refused_with_an_offer_to_extend(
    client, director, program, setting
):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, day="2027-06-15"),
        headers={"HX-Request": "true"},
    )

    form = response.context["form"]
    assert form.errors["day"] == [
        f"15 Jun 2027 is outside {program.name} (2–4 Mar 2027). Choose a date within the "
        "program, or extend the program's dates."
    ]
    assert "Extend it to 2 Mar 2027 – 15 Jun 2027 and save" in response.content.decode()
    assert SeminarSession.objects.count() == 0


def test_extending_the_program_from_the_message_saves_the_session(
    client, director, program, setting
):
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, day="2027-06-15", extend_program="1"),
    )

    program.refresh_from_db()
    event = AuditEvent.objects.get(action="program.dates_extended")
    assert (program.start_date, program.end_date) == (date(2027, 3, 2), date(2027, 6, 15))
    assert event.changes == {"dates": [["2027-03-02", "2027-03-04"], ["2027-03-02", "2027-06-15"]]}
    assert SeminarSession.objects.get().title == "Quality measurement"


def test_the_program_is_not_extended_when_the_session_is_refused(
    client, director, program, setting
):
    schedule_session(program=program, title="Costs", starts_at=at(2, 9), ends_at=at(2, 10))
    schedule_session(
        program=program,
        title="Late",
        starts_at=datetime(2027, 6, 15, 9, tzinfo=timezone.get_current_timezone()),
        ends_at=datetime(2027, 6, 15, 10, tzinfo=timezone.get_current_timezone()),
    )
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/new/",
        session_data(setting, day="2027-06-15", start="09:00", end="10:00", extend_program="1"),
    )

    program.refresh_from_db()
    assert response.context["form"].non_field_errors() == [
        "The program already has a session at that time: “Late” (Tue 15 Jun 2027, 09:00–10:00)."
    ]
    assert program.end_date == date(2027, 3, 4)
    assert AuditEvent.objects.filter(action="program.dates_extended").count() == 0


def test_a_session_in_the_past_is_refused(client, director, program, setting):
    with time_machine.travel(datetime(2027, 3, 3, 12, tzinfo=UTC), tick=False):
        client.force_login(director)
        response = client.post(
            f"/programs/{program.slug}/sessions/new/", session_data(setting, day="2027-03-02")
        )

    assert response.context["form"].errors["day"] == [
        "Tue 2 Mar 2027, 09:00 is in the past: sessions can only be scheduled from now on."
    ]
    assert SeminarSession.objects.count() == 0


def test_a_past_session_can_still_be_corrected_without_moving_it(
    client, director, program, setting
):
    session = schedule_session(
        program=program, title="Quality", starts_at=at(2, 9), ends_at=at(2, 10, 30)
    )
    with time_machine.travel(datetime(2027, 3, 3, 12, tzinfo=UTC), tick=False):
        client.force_login(director)
        client.post(
            f"/programs/{program.slug}/sessions/{session.pk}/edit/",
            session_data(setting, day="2027-03-02", title="Quality, with notes"),
        )

    session.refresh_from_db()
    assert session.title == "Quality, with notes"


def test_a_series_running_past_the_program_names_how_many_dates(client, director, program, setting):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/sessions/series/",
        session_data(setting, day="2027-03-02", rule="weekly", count="3"),
    )

    assert response.context["form"].errors["day"] == [
        f"2 dates (9 Mar 2027 to 16 Mar 2027) are outside {program.name} (2–4 Mar 2027). "
        "Choose a date within the program, or extend the program's dates."
    ]
