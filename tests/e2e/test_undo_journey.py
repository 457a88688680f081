"""First-use safety in a real browser: withdrawing a learner and cancelling a session each ask
first and can be undone from the page they happened on; a session beyond the program's dates is
refused with an offer to extend the program."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rotation.models import Enrollment, SeminarSession
from rotation.services.scheduling import schedule_session
from tests.e2e.browser_checks import csp_violations, watch_csp
from tests.factories import PASSWORD, EnrollmentFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    director = UserFactory(email="diane@example.org")
    program = ProgramFactory(
        name="Spring Mini-Rotation",
        directors=[director],
        start_date=date(2027, 3, 2),
        end_date=date(2027, 3, 3),
    )
    EnrollmentFactory(program=program, learner__first_name="Ana", learner__last_name="Diaz")
    tz = timezone.get_current_timezone()
    schedule_session(
        program=program,
        title="Care management",
        starts_at=datetime(2027, 3, 3, 9, tzinfo=tz),
        ends_at=datetime(2027, 3, 3, 10, tzinfo=tz),
    )
    return program


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("diane@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_withdrawing_asks_first_and_re_enrolling_undoes_it(page, program):
    watch_csp(page.context)
    sign_in(page)
    page.goto(f"/programs/{program.slug}/learners/")

    page.get_by_role("link", name="Withdraw Ana Diaz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw Ana Diaz?")
    page.get_by_role("link", name="Keep enrolled").click()
    assert Enrollment.objects.get().status == "enrolled"

    page.get_by_role("link", name="Withdraw Ana Diaz").click()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("row", name="Ana Diaz")).to_contain_text("Withdrawn")
    assert Enrollment.objects.get().status == "withdrawn"

    page.get_by_role("button", name="Re-enrol Ana Diaz").click()
    expect(page.get_by_role("status")).to_contain_text("Re-enrolled Ana Diaz")
    expect(page.get_by_role("row", name="Ana Diaz")).to_contain_text("Enrolled")
    assert csp_violations(page) == []


def test_cancelling_asks_in_place_and_restore_undoes_it(page, program):
    watch_csp(page.context)
    sign_in(page)
    page.goto(f"/programs/{program.slug}/schedule/")

    page.get_by_role("link", name="Cancel Care management").click()
    editor = page.locator("#editor")
    expect(editor.get_by_role("heading")).to_have_text("Cancel “Care management”?")
    editor.get_by_role("button", name="Cancel the session").click()

    row = page.get_by_role("row", name="Care management")
    expect(row).to_contain_text("Cancelled")
    expect(editor).to_be_empty()
    assert SeminarSession.objects.get().status == "cancelled"

    row.get_by_role("button", name="Restore Care management").click()
    expect(page.get_by_role("row", name="Care management")).to_contain_text("Draft")
    expect(page.get_by_role("status")).to_contain_text("Restored “Care management”.")
    assert SeminarSession.objects.get().status == "draft"
    assert csp_violations(page) == []


def test_a_session_beyond_the_program_is_saved_by_extending_it_from_the_message(page, program):
    sign_in(page)
    page.goto(f"/programs/{program.slug}/schedule/")
    page.get_by_role("link", name="New session").click()
    editor = page.locator("#editor")
    editor.get_by_label("Title").fill("Follow-up")
    editor.get_by_label("Date").fill("2027-06-15")
    editor.get_by_role("button", name="Save session").click()

    expect(editor).to_contain_text("15 Jun 2027 is outside Spring Mini-Rotation (2–3 Mar 2027).")
    editor.get_by_role("button", name="Extend it to 2 Mar 2027 – 15 Jun 2027 and save").click()

    expect(page.get_by_role("row", name="Follow-up")).to_contain_text("Tue 15 Jun 2027")
    program.refresh_from_db()
    assert program.end_date == date(2027, 6, 15)
