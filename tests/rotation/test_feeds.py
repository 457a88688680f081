from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from rotation.feeds import uid_domain
from rotation.models import CalendarFeed
from rotation.services.feeds import calendar_feed_for
from rotation.services.publishing import publish_schedule
from rotation.services.scheduling import cancel_session, schedule_session
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    MeetingRoomFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def published(learner_user, faculty_user):
    program = ProgramFactory(name="Spring")
    EnrollmentFactory(program=program, learner=learner_user.learner_profile)
    room = MeetingRoomFactory(
        name="Boardroom A", site__organization__name="Keystone", site__address="1200 Market St"
    )
    quality = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=room,
        faculty=[(faculty_user.faculty_profile, "lead")],
    )
    cost = schedule_session(program=program, title="Cost", starts_at=at(2, 11), ends_at=at(2, 12))
    publish_schedule(program=program)
    schedule_session(program=program, title="Draft", starts_at=at(3, 9), ends_at=at(3, 10))
    cancel_session(session=cost)
    elsewhere = ProgramFactory()
    schedule_session(program=elsewhere, title="Not mine", starts_at=at(2, 9), ends_at=at(2, 10))
    publish_schedule(program=elsewhere)
    return {"program": program, "quality": quality, "cost": cost}


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_learner_feed_has_their_programs_published_and_cancelled_sessions(
    client, learner_user, faculty_user, published, settings
):
    settings.SITE_URL = "https://minirotation.example.org"
    feed = calendar_feed_for(user=learner_user)

    response = client.get(f"/calendar/{feed.token}.ics")

    found = events(response)
    quality = found[f"session-{published['quality'].pk}@minirotation.example.org"]
    cost = found[f"session-{published['cost'].pk}@minirotation.example.org"]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(found) == 2
    assert str(quality["summary"]) == "Quality"
    assert quality.decoded("dtstart") == at(2, 9)
    assert quality.decoded("dtend") == at(2, 10)
    assert str(quality["location"]) == "Boardroom A, Keystone, 1200 Market St"
    faculty = faculty_user.faculty_profile
    assert str(quality["description"]) == (f"Program: Spring\nFaculty: {faculty.full_name} (Lead)")
    assert (str(quality["status"]), str(cost["status"])) == ("CONFIRMED", "CANCELLED")
    assert quality["sequence"] == 0


def test_an_event_s_sequence_grows_with_every_change(client, learner_user, published, settings):
    settings.SITE_URL = "https://minirotation.example.org"
    feed = calendar_feed_for(user=learner_user)
    quality = published["quality"]
    quality.refresh_from_db()  # published since the fixture made it

    def sequence():
        found = events(client.get(f"/calendar/{feed.token}.ics"))
        return found[f"session-{quality.pk}@minirotation.example.org"]["sequence"]

    first = sequence()
    with time_machine.travel(quality.updated_at + timedelta(minutes=5)):
        schedule_session(
            program=published["program"],
            session=quality,
            title="Quality",
            starts_at=at(2, 10),
            ends_at=at(2, 11),
        )

    assert (first, sequence()) == (0, 300)


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "domain"),
    [
        ("https://minirotation.example.org", [], "minirotation.example.org"),
        ("", [".example.org", "*"], "example.org"),
        ("", ["*"], "localhost"),
    ],
)
def test_uids_carry_the_site_s_domain(settings, site_url, allowed_hosts, domain):
    settings.SITE_URL, settings.ALLOWED_HOSTS = site_url, allowed_hosts

    assert uid_domain() == domain


def test_the_feed_page_offers_a_webcal_link_and_a_copy_button(client, learner_user):
    client.force_login(learner_user)

    html = client.get("/calendar/").content.decode()

    token = CalendarFeed.objects.get(user=learner_user).token
    assert (
        f'<a class="button" href="webcal://testserver/calendar/{token}.ics">Subscribe</a>' in html
    )
    assert (
        f'<input class="feed-url" id="feed-own" type="text" readonly '
        f'value="http://testserver/calendar/{token}.ics"'
    ) in html
    assert '<button type="button" class="secondary" data-copy="feed-own" hidden>' in html
    assert '<script src="/static/js/copy.js" defer></script>' in html


def test_faculty_feed_has_the_sessions_they_teach(client, faculty_user, published):
    feed = calendar_feed_for(user=faculty_user)

    found = events(client.get(f"/calendar/{feed.token}.ics"))

    assert [str(event["summary"]) for event in found.values()] == ["Quality"]


def test_faculty_feed_keeps_a_session_whose_co_faculty_declined(client, faculty_user, published):
    quality = published["quality"]
    quality.refresh_from_db()  # published since the fixture scheduled it
    colleague = FacultyMemberFactory()
    schedule_session(
        program=quality.program,
        title=quality.title,
        starts_at=quality.starts_at,
        ends_at=quality.ends_at,
        room=quality.room,
        faculty=[(faculty_user.faculty_profile, "lead"), (colleague, "panelist")],
        session=quality,
    )
    quality.faculty_assignments.filter(faculty_member=colleague).update(confirmation="declined")
    feed = calendar_feed_for(user=faculty_user)

    found = events(client.get(f"/calendar/{feed.token}.ics"))

    assert [str(event["summary"]) for event in found.values()] == ["Quality"]


def test_program_feed_has_the_program_schedule(client, published):
    feed = calendar_feed_for(program=published["program"])

    found = events(client.get(f"/calendar/{feed.token}.ics"))

    assert sorted(str(event["summary"]) for event in found.values()) == ["Cost", "Quality"]


def test_an_unknown_token_is_404(client, published):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_feed_page_shows_and_regenerates_the_users_feed(client, learner_user):
    client.force_login(learner_user)
    page = client.get("/calendar/")
    old = CalendarFeed.objects.get(user=learner_user).token

    client.post("/calendar/")

    new = CalendarFeed.objects.get(user=learner_user).token
    assert f"/calendar/{old}.ics" in page.content.decode()
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_directors_regenerate_only_their_own_programs_feeds(client, director, program):
    stranger = ProgramFactory()
    client.force_login(director)

    mine = client.post("/calendar/", {"program": program.slug})
    theirs = client.post("/calendar/", {"program": stranger.slug})

    assert (mine.status_code, theirs.status_code) == (302, 403)
    assert CalendarFeed.objects.filter(program=stranger).exists() is False


def test_the_feed_page_needs_sign_in(client):
    assert client.get("/calendar/").status_code == 302


@pytest.mark.parametrize("rows", [1, 10])
def test_feed_page_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        ProgramFactory(directors=[director])
    client.force_login(director)
    client.get("/calendar/")  # the first visit makes the feeds

    with django_assert_num_queries(4):
        response = client.get("/calendar/")

    assert len(response.context["programs"]) == rows
