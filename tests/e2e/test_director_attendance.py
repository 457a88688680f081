"""On a phone: the director imports a roster and takes attendance with a tap per learner."""

import pytest
from playwright.sync_api import expect

from config.celery import app
from rotation.models import Attendance
from tests.factories import PASSWORD, ProgramFactory, SeminarSessionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROSTER = (
    "email,first_name,last_name,residency_program,pgy_level,"
    "program_director_name,program_director_email\r\n"
    "ana@hospital.example.org,Ana,Adams,Pediatrics,1,Dr. Lee,pd@hospital.example.org\r\n"
    "ben@hospital.example.org,Ben,Baker,Psychiatry,2,Dr. Lee,pd@hospital.example.org\r\n"
)


@pytest.fixture
def eager_celery():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_director_imports_a_roster_and_marks_attendance_on_a_phone(
    browser, live_server, eager_celery, tmp_path
):
    director = UserFactory(email="diane@example.org")
    program = ProgramFactory(name="Spring Mini-Rotation", directors=[director])
    session = SeminarSessionFactory(program=program, title="Quality", status="published")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("diane@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"/programs/{program.slug}/learners/")
    page.get_by_label("Roster CSV file").set_input_files(str(roster))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_have_text(
        "Imported 2 rows: 2 newly enrolled (2 new learners, invited by email), 0 already enrolled."
    )

    page.goto(f"/programs/{program.slug}/sessions/{session.pk}/attendance/")
    page.get_by_role("button", name="All present").click()
    ben = page.locator(".attendance-row", has_text="Ben Baker")
    ben.get_by_label("Excused").check()
    expect(ben.get_by_label("Excused")).to_be_checked()
    page.wait_for_function(
        "() => !document.querySelector('.attendance-row.htmx-request, form.htmx-request')"
    )
    page.reload()

    expect(
        page.locator(".attendance-row", has_text="Ben Baker").get_by_label("Excused")
    ).to_be_checked()
    expect(
        page.locator(".attendance-row", has_text="Ana Adams").get_by_label("Present")
    ).to_be_checked()
    assert sorted(Attendance.objects.values_list("learner__first_name", "status")) == [
        ("Ana", "present"),
        ("Ben", "excused"),
    ]
    context.close()
