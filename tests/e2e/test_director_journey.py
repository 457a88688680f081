"""The course director's journey in a real browser: sign in, create a session in the grid, hit
a conflict, publish, find the session published in the list."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from config.celery import app
from rotation.models import ProgramPartner, SeminarSession
from rotation.services.publishing import publish_schedule
from rotation.services.scheduling import schedule_session
from tests.factories import (
    PASSWORD,
    EnrollmentFactory,
    LearnerFactory,
    MeetingRoomFactory,
    ProgramFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_celery():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def planned(eager_celery):
    director = UserFactory(email="diane@example.org")
    program = ProgramFactory(
        name="Spring Mini-Rotation",
        directors=[director],
        start_date=date(2027, 3, 2),
        end_date=date(2027, 3, 3),
    )
    room = MeetingRoomFactory(name="Boardroom A", capacity=40)
    ProgramPartner.objects.create(
        program=program, organization=room.site.organization, role="host_content"
    )
    TopicFactory(program=program, title="How health plans measure quality")
    tz = timezone.get_current_timezone()
    schedule_session(
        program=ProgramFactory(name="Another course"),
        title="Value-based payment",
        starts_at=datetime(2027, 3, 2, 9, tzinfo=tz),
        ends_at=datetime(2027, 3, 2, 10, tzinfo=tz),
        room=room,
    )
    return {"director": director, "program": program, "room": room}


def test_director_schedules_hits_a_conflict_publishes_and_sees_it_listed(page, planned):
    program, room = planned["program"], planned["room"]
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("diane@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My programs")

    page.get_by_role("link", name="Spring Mini-Rotation").click()
    page.get_by_role("link", name="Schedule", exact=True).click()
    page.get_by_role("link", name="Day × room grid").click()
    page.get_by_role("link", name="Add a session on 2 Mar in Boardroom A").click()

    editor = page.locator("#editor")
    editor.get_by_label("Title").fill("How health plans measure quality")
    editor.get_by_label("Topic").select_option(label="How health plans measure quality")
    editor.get_by_label("Starts").fill("11:00")
    editor.get_by_label("Ends").fill("12:30")
    editor.get_by_role("button", name="Save session").click()

    card = page.locator(".session-card", has_text="How health plans measure quality")
    expect(card).to_contain_text("11:00–12:30")
    expect(card).to_contain_text("Draft")
    expect(editor).to_be_empty()
    expect(page.get_by_role("status")).to_contain_text("Saved “How health plans measure quality”.")

    page.get_by_role("link", name="Add a session on 2 Mar in Boardroom A").click()
    editor.get_by_label("Title").fill("Care management")
    editor.get_by_label("Starts").fill("09:30")
    editor.get_by_label("Ends").fill("10:30")
    editor.get_by_role("button", name="Save session").click()

    expect(editor.get_by_role("alert")).to_contain_text(
        f"{room} is already booked at that time: "
        "“Value-based payment” (Tue 2 Mar 2027, 09:00–10:00)."
    )
    expect(editor.get_by_label("Title")).to_have_value("Care management")
    assert SeminarSession.objects.filter(program=program).count() == 1

    page.get_by_role("link", name="Review and publish…").click()
    expect(page.locator("#publish-drafts")).to_contain_text("How health plans measure quality")
    page.get_by_role("button", name="Publish 1 session").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Published 1 session; 0 learners and 0 faculty members are being emailed."
    )
    page.get_by_role("link", name="List", exact=True).click()

    row = page.get_by_role("row", name="How health plans measure quality")
    expect(row).to_contain_text("Tue 2 Mar 2027, 11:00–12:30")
    expect(row).to_contain_text("Published")
    expect(row).to_contain_text("Boardroom A")


def test_director_moves_a_published_session_in_the_list_and_learners_are_told(page, planned):
    program = planned["program"]
    EnrollmentFactory(program=program, learner=LearnerFactory(email="ana@hospital.example.org"))
    tz = timezone.get_current_timezone()
    schedule_session(
        program=program,
        title="Care management",
        starts_at=datetime(2027, 3, 3, 9, tzinfo=tz),
        ends_at=datetime(2027, 3, 3, 10, tzinfo=tz),
        room=planned["room"],
    )
    publish_schedule(program=program)
    mail.outbox.clear()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("diane@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"/programs/{program.slug}/schedule/")
    page.get_by_role("link", name="Edit Care management").click()
    editor = page.locator("#editor")
    editor.get_by_label("Starts").fill("14:00")
    editor.get_by_label("Ends").fill("15:00")
    editor.get_by_role("button", name="Save session").click()

    row = page.get_by_role("row", name="Care management")
    expect(row).to_contain_text("Wed 3 Mar 2027, 14:00–15:00")
    expect(row).to_contain_text("Published")
    assert [message.to for message in mail.outbox] == [["ana@hospital.example.org"]]
    assert "- Time: Wed 3 Mar 2027, 09:00–10:00 → Wed 3 Mar 2027, 14:00–15:00" in (
        mail.outbox[0].body
    )
