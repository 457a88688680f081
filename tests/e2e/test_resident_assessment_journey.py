"""The resident's journey on a phone: sign in, take the pre-assessment with autosave, reload
mid-way, submit (twice), then evaluate a session."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Response, SessionEvaluation
from tests.assessments.factories import AdministrationFactory, build_instrument
from tests.factories import (
    PASSWORD,
    EnrollmentFactory,
    LearnerFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Autosaves queue one after another; on the shared CI machine a page of them takes a while.
expect.set_options(timeout=30_000)


@pytest.fixture
def journey():
    cache.clear()
    user = UserFactory(email="riley@example.org")
    learner = LearnerFactory(user=user, email=user.email)
    pre = AdministrationFactory(instrument=build_instrument())
    program = pre.instrument.program
    EnrollmentFactory(program=program, learner=learner)
    session = SeminarSessionFactory(
        program=program,
        status="published",
        title="How health plans measure quality",
        starts_at=timezone.now() - timedelta(hours=4),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    SessionFacultyFactory(
        session=session, faculty_member__first_name="Maria", faculty_member__last_name="Alvarez"
    )
    items = {item.text: item for item in pre.instrument.items.all()}
    return user, pre, items


def question(page, item):
    return page.locator(f"#q-item-{item.pk}")


def test_resident_takes_the_pre_assessment_on_a_phone_and_evaluates_a_session(
    browser, live_server, journey
):
    user, pre, items = journey
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)  # the CI machine is shared and slow

    page.goto("/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My rotation")

    page.get_by_role("link", name="Pre-assessment: Systems-Based Practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-assessment")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Two answers, each saved as it is given.
    first_q, attitude = items["Knowledge question 1"], items["Attitude statement 1"]
    question(page, first_q).get_by_label("Option 2").check()
    expect(page.locator(f"#status-item-{first_q.pk}")).to_contain_text("Saved")
    question(page, attitude).get_by_label("Agree", exact=True).check()
    expect(page.locator(f"#status-item-{attitude.pk}")).to_contain_text("Saved")
    expect(page.get_by_text("Answered 2 of 5")).to_be_visible()

    # A reload (or another device) finds the draft.
    page.reload()
    expect(question(page, first_q).get_by_label("Option 2")).to_be_checked()
    expect(question(page, attitude).get_by_label("Agree", exact=True)).to_be_checked()

    # Submitting too early names what is missing and keeps every answer.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("2 questions need an answer")
    expect(question(page, first_q).get_by_label("Option 2")).to_be_checked()

    question(page, items["Knowledge question 2"]).get_by_label("Option 1").check()
    # Keyboard only: the arrow key moves the choice within the radio group, which autosaves.
    second = items["Attitude statement 2"]
    question(page, second).get_by_label("Strongly disagree").focus()
    page.keyboard.press("ArrowDown")
    expect(question(page, second).get_by_label("Disagree", exact=True)).to_be_checked()
    expect(page.locator(f"#status-item-{second.pk}")).to_contain_text("Saved")
    # The free-text answer is typed, and the form is sent with a double click.
    page.get_by_label("Your answer").fill("More on Medicaid, please.")
    page.evaluate(
        "() => { const b = document.querySelector('button.submit'); b.click(); b.click(); }"
    )
    expect(page.get_by_text("Your answers can no longer be changed.")).to_be_visible()

    # Back and resubmit: still one response, and the resident is told so.
    page.go_back()
    page.goto(f"/assessments/{pre.pk}/")
    expect(page.get_by_text("Your answers can no longer be changed.")).to_be_visible()
    response = Response.objects.get()
    assert (response.status, response.knowledge_correct, response.answers.count()) == (
        "submitted",
        1,
        5,
    )

    # Evaluate the session that just ended.
    page.get_by_role("link", name="Back to My rotation").click()
    page.get_by_role("link", name="Evaluate: How health plans measure quality").click()
    page.get_by_role("group", name="Overall quality of the session").get_by_label("5").check()
    page.get_by_role("group", name="Relevance to my practice").get_by_label("4").check()
    page.get_by_role("group", name="It changed my view").get_by_label("4").check()
    page.get_by_role("group", name="Effectiveness of Maria Alvarez").get_by_label("5").check()
    page.get_by_label("Comment (optional)").fill("Eye-opening.")
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.get_by_text("Thank you — your evaluation is saved.")).to_be_visible()

    evaluation = SessionEvaluation.objects.get()
    assert (evaluation.overall, evaluation.relevance, evaluation.comment) == (5, 4, "Eye-opening.")
    assert Response.objects.count() == 1
    context.close()


def test_a_window_that_closes_mid_way_says_so_next_to_the_answer(browser, live_server, journey):
    user, pre, items = journey
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"/assessments/{pre.pk}/")

    type(pre).objects.filter(pk=pre.pk).update(closes_at=timezone.now())
    item = items["Knowledge question 1"]
    question(page, item).get_by_label("Option 1").check()

    expect(page.locator(f"#status-item-{item.pk}")).to_contain_text(
        "Not saved: The pre-assessment closed on"
    )
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("status")).to_contain_text("The pre-assessment closed on")
    assert Response.objects.count() == 0
    context.close()
