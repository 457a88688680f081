"""A director copies last year's concentrated program: the preview shows a room conflict, the
copy is saved and the director lands on the new draft program."""

import os
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rotation.models import Program
from tests.e2e.journeys import new_context
from tests.factories import (
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    UserFactory,
)

# Set to a folder to keep what the journey saw (the preview and the new program, both widths).
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.mark.parametrize("width", [1280, 390])
def test_director_copies_last_years_program_past_a_conflict(browser, live_server, width):
    director = UserFactory(email="diane@example.org")
    first_day = timezone.localdate() - timedelta(weeks=40)
    program = ProgramFactory(
        name="Concentrated Mini-Rotation",
        academic_year="2025-2026",
        start_date=first_day,
        end_date=first_day + timedelta(days=1),
        directors=[director],
    )
    room = MeetingRoomFactory(name="Board Room")
    for offset, title in enumerate(["Quality", "Population health"]):
        day = first_day + timedelta(days=offset)
        SeminarSessionFactory(
            program=program, title=title, room=room, starts_at=at(day, 9), ends_at=at(day, 11)
        )
    next_day = first_day + timedelta(weeks=52)
    SeminarSessionFactory(
        program=ProgramFactory(name="Board"),
        title="Board retreat",
        room=room,
        starts_at=at(next_day, 10),
        ends_at=at(next_day, 12),
    )
    context = new_context(
        browser, live_server, director.email, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"/programs/{program.slug}/")
    page.get_by_role("link", name="Copy to next year…").click()
    expect(page.get_by_label("Academic year")).to_have_value("2026-2027")
    page.get_by_role("button", name="Preview the copy").click()

    expect(page.locator("#copy-conflicts")).to_have_text(
        "1 conflict: the room or faculty member in question is left out of the copy. Choose "
        "another in the schedule once the copy is saved."
    )
    expect(page.locator(".conflict")).to_contain_text("is already booked at that time")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/copy-preview-{width}.png", full_page=True)
    page.get_by_role("button", name="Save the copy").click()

    copy = Program.objects.get(name=program.name, academic_year="2026-2027")
    expect(page).to_have_url(f"{live_server.url}/programs/{copy.slug}/")
    expect(page.get_by_role("status")).to_have_text(
        "Copied Concentrated Mini-Rotation to 2026-2027: a draft to check and publish."
    )
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/copy-saved-{width}.png", full_page=True)
    assert list(copy.sessions.order_by("starts_at").values_list("title", "status")) == [
        ("Quality", "draft"),
        ("Population health", "draft"),
    ]
    context.close()
