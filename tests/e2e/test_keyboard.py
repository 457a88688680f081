"""Forms are usable with the keyboard alone: Tab to each control, with a visible focus ring at
every stop, Space to choose, typing to fill, Enter to submit."""

from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Response
from rotation.models import ProgramPartner, SeminarSession
from tests.assessments.factories import AdministrationFactory, build_instrument
from tests.e2e.browser_checks import csp_violations, focus_is_visible, watch_csp
from tests.e2e.journeys import new_context
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    MeetingRoomFactory,
    ProgramFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=30_000)  # autosaves queue one after another on a slow machine


def tab_to(page, target, *, limit: int = 80) -> None:
    """Press Tab until `target` has the focus, checking that every stop shows where focus is."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"no visible focus on {focused}"
    pytest.fail(f"{limit} presses of Tab never reached {target}")


@pytest.fixture
def resident_and_pre():
    cache.clear()
    user = UserFactory(email="kim@example.org")
    learner = LearnerFactory(user=user, email=user.email)
    pre = AdministrationFactory(instrument=build_instrument(knowledge=2, attitude=1, free_text=1))
    EnrollmentFactory(program=pre.instrument.program, learner=learner)
    return user, pre


def test_resident_answers_and_submits_the_assessment_with_the_keyboard_only(
    browser, live_server, resident_and_pre
):
    user, pre = resident_and_pre
    context = new_context(browser, live_server, user.email)
    csp_console_errors = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/assessments/{pre.pk}/")

    for question in page.locator("fieldset.question").all()[:3]:
        first_choice = question.get_by_role("radio").first
        tab_to(page, first_choice)
        page.keyboard.press("Space")
        expect(first_choice).to_be_checked()
    tab_to(page, page.get_by_label("Your answer"))
    page.keyboard.type("Typed without a mouse.")
    expect(page.get_by_text("Answered 4 of 4")).to_be_visible()  # each answer autosaved
    # htmx's autosaves swapped content in under the strict policy without a violation.
    assert (csp_violations(page), csp_console_errors) == ([], [])
    tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your answers can no longer be changed.")).to_be_visible()
    response = Response.objects.get()
    assert (response.status, response.answers.count(), response.knowledge_correct) == (
        "submitted",
        4,
        0,
    )
    context.close()


@pytest.fixture
def director_and_program():
    director = UserFactory(email="dana@example.org")
    program = ProgramFactory(
        directors=[director], start_date=date(2027, 3, 2), end_date=date(2027, 3, 3)
    )
    room = MeetingRoomFactory(name="Boardroom A", capacity=40)
    ProgramPartner.objects.create(
        program=program, organization=room.site.organization, role="host_content"
    )
    TopicFactory(program=program, title="How health plans measure quality")
    return director, program, room


def test_director_fills_and_saves_the_session_form_with_the_keyboard_only(
    browser, live_server, director_and_program
):
    director, program, room = director_and_program
    context = new_context(browser, live_server, director.email)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"/programs/{program.slug}/sessions/new/?day=2027-03-02&room={room.pk}")

    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Keyboard-only session")
    tab_to(page, page.get_by_label("Topic"))
    page.keyboard.press("ArrowDown")  # the first topic
    tab_to(page, page.get_by_label("Starts"))
    page.keyboard.type("1100AM")
    tab_to(page, page.get_by_label("Ends"))
    page.keyboard.type("1230PM")
    tab_to(page, page.get_by_role("button", name="Save session"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Saved “Keyboard-only session”.")
    session = SeminarSession.objects.get(program=program)
    tz = timezone.get_current_timezone()
    assert (
        session.title,
        session.topic.title,
        session.room,
        session.starts_at,
        session.ends_at,
    ) == (
        "Keyboard-only session",
        "How health plans measure quality",
        room,
        datetime(2027, 3, 2, 11, tzinfo=tz),
        datetime(2027, 3, 2, 12, 30, tzinfo=tz),
    )
    context.close()
