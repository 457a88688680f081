"""The audit trail pages: who may read them, filters, order, pages and a constant query count."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from audit.services import record_event
from tests.factories import MeetingRoomFactory, ProgramFactory, SeminarSessionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=timezone.get_current_timezone())


def event(*, actor, target, program=None, action="session.changed", when=None, changes=None):
    with time_machine.travel(when or at(2), tick=False):
        record_event(actor=actor, action=action, target=target, program=program, changes=changes)


@pytest.fixture
def session(program):
    return SeminarSessionFactory(program=program, title="Quality")


def rows_of(response):
    return [(e.actor_label, e.action, e.target_label) for e in response.context["page"]]


def test_staff_see_every_event_newest_first_with_old_and_new(
    client, staff_user, director, program, session
):
    other = SeminarSessionFactory(program=ProgramFactory(), title="Elsewhere")
    room = MeetingRoomFactory(name="Boardroom", site__name="Main")
    event(actor=director, target=session, program=program, when=at(2),
          changes={"title": ["Quality", "Quality and cost"]})  # fmt: skip
    event(actor=None, target=other, program=other.program, when=at(3), action="session.cancelled")
    event(actor=staff_user, target=room, when=at(4), action="room.changed",
          changes={"capacity": [12, 20], "bookable_from": [None, "08:00"]})  # fmt: skip
    client.force_login(staff_user)

    response = client.get("/audit/")

    assert rows_of(response) == [
        ("staff@example.org", "room.changed", "Boardroom (Main)"),
        ("", "session.cancelled", "Elsewhere"),
        ("director@example.org", "session.changed", "Quality"),
    ]
    html = response.content.decode()
    assert "<strong>Capacity</strong>: 12 → 20" in html
    assert "<strong>Bookable from</strong>: — → 08:00" in html
    assert "<strong>Title</strong>: Quality → Quality and cost" in html
    assert "<td>system</td>" in html


def test_directors_see_only_their_programs_events(client, director, program, session):
    other = SeminarSessionFactory(program=ProgramFactory(), title="Elsewhere")
    event(actor=director, target=session, program=program)
    event(actor=None, target=other, program=other.program)
    event(actor=None, target=MeetingRoomFactory(), action="room.changed")
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/audit/")

    assert rows_of(response) == [("director@example.org", "session.changed", "Quality")]


def test_the_program_home_links_to_its_audit_trail(client, director, program):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/")

    assert f'href="/programs/{program.slug}/audit/"' in response.content.decode()


def test_filters_by_action_actor_and_days(client, staff_user, director, program, session):
    event(actor=director, target=session, program=program, when=at(1, 23))
    event(actor=director, target=session, program=program, when=at(2, 9),
          action="session.cancelled")  # fmt: skip
    event(actor=None, target=session, program=program, when=at(3, 0))
    event(actor=staff_user, target=session, program=program, when=at(4, 8))
    client.force_login(staff_user)

    def listed(**query):
        page = client.get("/audit/", query).context["page"]
        return [(found.actor_label, timezone.localtime(found.occurred_at).day) for found in page]

    assert listed(action="session.cancelled") == [("director@example.org", 2)]
    assert listed(actor="DIRECTOR@") == [("director@example.org", 2), ("director@example.org", 1)]
    assert listed(actor="system") == [("", 3)]
    assert listed(since="2027-03-02", until="2027-03-03") == [("", 3), ("director@example.org", 2)]


def test_a_reversed_date_range_is_explained_and_nothing_is_filtered(client, staff_user, program):
    event(actor=None, target=program, program=program)
    client.force_login(staff_user)

    response = client.get("/audit/", {"since": "2027-03-05", "until": "2027-03-01"})

    assert response.context["form"].errors == {
        "until": ["The end date must be on or after the start date."]
    }
    assert len(response.context["page"]) == 1


def test_events_are_paginated_by_fifty_keeping_the_filters(client, staff_user, program):
    for day in range(1, 27):
        event(actor=None, target=program, program=program, when=at(day, 8))
        event(actor=None, target=program, program=program, when=at(day, 9))
    client.force_login(staff_user)

    first = client.get("/audit/", {"actor": "system"})
    second = client.get("/audit/", {"actor": "system", "page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (50, 2)
    assert 'href="?actor=system&amp;page=2"' in first.content.decode()
    assert [e.occurred_at for e in second.context["page"]] == [at(1, 9), at(1, 8)]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_pages_use_a_constant_number_of_queries(
    client, staff_user, director, program, rows, django_assert_num_queries
):
    for number in range(rows):
        session = SeminarSessionFactory(program=program, title=f"Session {number}")
        event(actor=director, target=session, program=program, changes={"title": ["a", "b"]})
    client.force_login(staff_user)
    # session, user, the roles for the menu (4), count, the page with program and type
    with django_assert_num_queries(4):
        everything = client.get("/audit/")
    client.force_login(director)
    with django_assert_num_queries(5):  # + directs any program, the program
        own = client.get(f"/programs/{program.slug}/audit/")

    assert (len(everything.context["page"]), len(own.context["page"])) == (rows, rows)


@pytest.mark.parametrize(
    ("who", "staff_page", "program_page"),
    [
        ("anonymous", 302, 302),
        ("director", 403, 200),
        ("other_director", 403, 404),
        ("faculty_user", 403, 403),
        ("learner_user", 403, 403),
        ("liaison", 403, 403),
        ("staff_user", 200, 200),
    ],
)
def test_who_may_read_the_audit_trail(client, request, program, who, staff_page, program_page):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    codes = (
        client.get("/audit/").status_code,
        client.get(f"/programs/{program.slug}/audit/").status_code,
    )

    assert codes == (staff_page, program_page)


def test_anonymous_users_are_sent_to_sign_in(client, program):
    response = client.get(f"/programs/{program.slug}/audit/")

    assert response.url == f"/accounts/login/?next=/programs/{program.slug}/audit/"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_pages_accept_no_writes(client, staff_user, program, method):
    client.force_login(staff_user)

    codes = {
        getattr(client, method)(url).status_code
        for url in ("/audit/", f"/programs/{program.slug}/audit/")
    }

    assert codes == {405}
