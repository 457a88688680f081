"""A partner's staff member is invited, becomes faculty, states availability, volunteers, is
confirmed by the director and finds the session on My teaching."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from config.celery import app as celery_app
from partners.selectors import invitation_token
from partners.services import invite_faculty
from rotation.models import ProgramPartner
from tests.factories import (
    PASSWORD,
    FacultyMemberFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SiteFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_celery():
    """Emails go out in the server thread rather than to CI's broker, which has no worker."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture
def journey(eager_celery, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    room = MeetingRoomFactory(
        site=SiteFactory(organization=organization, address="1200 Market Street"),
        name="Boardroom A",
    )
    director = UserFactory(email="director@riverside.example.org")
    program = ProgramFactory(
        name="Concentrated 2026", slug="concentrated-2026", directors=[director]
    )
    ProgramPartner.objects.create(program=program, organization=organization, role="host_content")
    topic = TopicFactory(program=program, title="How health plans measure quality")
    day = program.start_date + timedelta(days=1)
    zone = timezone.get_current_timezone()
    session = SeminarSessionFactory(
        program=program,
        topic=topic,
        title=topic.title,
        status="published",
        room=room,
        starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=zone),
        ends_at=datetime(day.year, day.month, day.day, 10, 30, tzinfo=zone),
    )
    prospect = FacultyMemberFactory(
        organization=organization,
        first_name="Tom",
        last_name="Becker",
        email="tom.becker@keystone.example.org",
    )
    invitation = invite_faculty(faculty_member=prospect, invited_by=None)
    return {
        "token": invitation_token(invitation=invitation),
        "day": day,
        "session": session,
        "director": director,
    }


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_invited_faculty_member_volunteers_and_sees_the_confirmed_session(
    page, browser, live_server, journey
):
    # Accept the invitation: choose a password, then complete the profile.
    page.goto(f"/invitations/{journey['token']}/")
    page.get_by_label("Choose a password").fill("teaching-systems-2026")
    page.get_by_label("Password (again)").fill("teaching-systems-2026")
    page.get_by_role("button", name="Set password and continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "My faculty profile"
    page.get_by_label("Title").fill("Care Management Nurse Lead")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "My teaching"

    # State availability for the seminar day of the open session.
    page.get_by_role("link", name="Availability").click()
    page.get_by_role("link", name="Concentrated 2026 (2026-2027)").click()
    page.get_by_label(f"{journey['day']:%A %-d %B %Y}").select_option("morning")
    page.get_by_role("button", name="Save availability").click()
    assert page.get_by_role("status").inner_text() == (
        "Your availability for Concentrated 2026 is saved."
    )

    # Volunteer for the open session, which fits the morning.
    page.get_by_role("link", name="Volunteer").first.click()
    row = page.get_by_role("row", name="How health plans measure quality")
    assert "You are available" in row.inner_text()
    row.get_by_label("Note for the director").fill("I run our care management team.")
    row.get_by_role("button", name="Volunteer for How health plans measure quality").click()
    assert page.get_by_role("status").inner_text() == (
        "Thank you! The course director will answer your offer for "
        "“How health plans measure quality”."
    )

    # The director confirms, in a browser of their own.
    director_context = browser.new_context(base_url=live_server.url)
    director_page = director_context.new_page()
    sign_in(director_page, journey["director"].email, PASSWORD)
    director_page.goto("/programs/concentrated-2026/volunteers/")
    assert "I run our care management team." in director_page.inner_text("main")
    director_page.get_by_role("button", name="Confirm Tom Becker").click()
    assert director_page.get_by_role("status").inner_text() == (
        "Tom Becker is confirmed; they will get an email."
    )
    director_context.close()

    # My teaching now shows the session with its room and address.
    page.get_by_role("link", name="My teaching").click()
    row = page.get_by_role("row", name="How health plans measure quality")
    assert "Boardroom A, Keystone Health Plan" in row.inner_text()
    assert "1200 Market Street" in row.inner_text()
