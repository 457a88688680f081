"""Self check-in on a phone: the code from the session's screen opens a page where the signed-in
resident taps once and is marked present on the director's sheet."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rotation.models import Attendance, SeminarSession
from rotation.services.check_in import check_in_code
from tests.e2e.browser_checks import csp_violations, horizontal_overflow, watch_csp
from tests.e2e.journeys import new_context
from tests.factories import EnrollmentFactory, ProgramFactory, SeminarSessionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_resident_checks_in_from_the_code_on_a_phone(browser, live_server):
    now = timezone.now()
    program = ProgramFactory(start_date=now.date(), end_date=now.date())
    session = SeminarSessionFactory(
        program=program,
        title="Payer panel",
        status=SeminarSession.Status.PUBLISHED,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(minutes=50),
    )
    resident = UserFactory(email="ana@hospital.example.org")
    EnrollmentFactory(program=program, learner__user=resident, learner__email=resident.email)

    context = new_context(
        browser, live_server, resident.email, viewport={"width": 390, "height": 844}
    )
    watch_csp(context)
    page = context.new_page()
    page.goto(f"/check-in/{check_in_code(session=session, now=timezone.now())}/")
    expect(page.get_by_text("Payer panel")).to_be_visible()
    page.get_by_role("button", name="Check me in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You are checked in")
    attendance = Attendance.objects.get()
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.recorded_by == resident
    assert horizontal_overflow(page) == 0
    assert csp_violations(page) == []
    context.close()
