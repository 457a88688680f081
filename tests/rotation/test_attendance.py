import re
from datetime import datetime

import pytest
from django.utils import timezone

from rotation.models import Attendance
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    SeminarSessionFactory,
)
from tests.pdf import pdf_text, pdf_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(program):
    return SeminarSessionFactory(
        program=program,
        title="Quality",
        status="published",
        starts_at=datetime(2027, 3, 2, 9, tzinfo=timezone.get_current_timezone()),
        ends_at=datetime(2027, 3, 2, 10, 30, tzinfo=timezone.get_current_timezone()),
    )


@pytest.fixture
def ana(program):
    learner = LearnerFactory(first_name="Ana", last_name="Adams", residency_program="Pediatrics")
    EnrollmentFactory(program=program, learner=learner)
    return learner


@pytest.fixture
def ben(program):
    learner = LearnerFactory(first_name="Ben", last_name="Baker")
    EnrollmentFactory(program=program, learner=learner)
    return learner


def sheet_url(program, session):
    return f"/programs/{program.slug}/sessions/{session.pk}/attendance/"


def test_sheet_lists_enrolled_learners_with_their_status(
    client, director, program, session, ana, ben
):
    Attendance.objects.create(session=session, learner=ben, status="excused")
    EnrollmentFactory(program=program, status="withdrawn")
    client.force_login(director)

    sheet = client.get(sheet_url(program, session)).context["sheet"]

    assert [(e.learner.full_name, status) for e, status in sheet] == [
        ("Ana Adams", ""),
        ("Ben Baker", "excused"),
    ]


def test_tapping_a_status_saves_it_and_returns_the_row(client, director, program, session, ana):
    client.force_login(director)

    response = client.post(
        sheet_url(program, session),
        {"learner": ana.pk, "status": "absent"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert body.strip().startswith(f'<li class="attendance-row" id="learner-{ana.pk}">')
    assert 'value="absent" checked' in body
    record = Attendance.objects.get()
    assert (record.learner, record.status, record.recorded_by) == (ana, "absent", director)


def test_changing_a_status_updates_the_one_record(client, director, program, session, ana):
    client.force_login(director)

    client.post(sheet_url(program, session), {"learner": ana.pk, "status": "absent"})
    client.post(sheet_url(program, session), {"learner": ana.pk, "status": "present"})

    assert list(Attendance.objects.values_list("status", flat=True)) == ["present"]


def test_all_present_marks_everyone_enrolled(client, director, program, session, ana, ben):
    Attendance.objects.create(session=session, learner=ana, status="absent")
    client.force_login(director)

    response = client.post(sheet_url(program, session), {"all_present": "1"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Marked all 2 enrolled learners present."
    ]
    assert sorted(Attendance.objects.values_list("learner__first_name", "status")) == [
        ("Ana", "present"),
        ("Ben", "present"),
    ]


def test_a_learner_who_is_not_enrolled_cannot_be_marked(client, director, program, session):
    stranger = LearnerFactory()
    client.force_login(director)

    response = client.post(
        sheet_url(program, session), {"learner": stranger.pk, "status": "present"}
    )

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_an_unknown_status_is_refused(client, director, program, session, ana):
    client.force_login(director)

    response = client.post(sheet_url(program, session), {"learner": ana.pk, "status": "late"})

    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_printable_sign_in_sheet_names_every_enrolled_learner(
    client, director, program, session, ana, ben
):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/sessions/{session.pk}/sign-in-sheet.pdf")

    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Sign-in sheet: Quality" in text
    assert "Tuesday, March 2, 2027, 09:00–10:30" in text
    assert "Adams, Ana" in text
    assert "Baker, Ben" in text


def test_summary_counts_per_learner_and_per_session(client, director, program, session, ana, ben):
    second = SeminarSessionFactory(
        program=program,
        title="Cost",
        starts_at=session.ends_at,
        ends_at=session.ends_at.replace(hour=12),
    )
    Attendance.objects.create(session=session, learner=ana, status="present")
    Attendance.objects.create(session=session, learner=ben, status="absent")
    Attendance.objects.create(session=second, learner=ana, status="excused")
    client.force_login(director)

    context = client.get(f"/programs/{program.slug}/attendance/").context

    learners = context["learners"]
    assert [(r["full_name"], (r["present"], r["absent"], r["excused"])) for r in learners] == [
        ("Ana Adams", (1, 0, 1)),
        ("Ben Baker", (0, 1, 0)),
    ]
    assert [(s.title, (s.present, s.absent, s.excused)) for s in context["sessions"]] == [
        ("Quality", (1, 1, 0)),
        ("Cost", (0, 0, 1)),
    ]


def test_summary_counts_withdrawn_learners_per_session_and_only_this_programs_sessions(
    client, director, program, session, ana, ben
):
    other_session = SeminarSessionFactory(title="Elsewhere")
    Attendance.objects.create(session=other_session, learner=ana, status="absent")
    Attendance.objects.create(session=session, learner=ana, status="present")
    Attendance.objects.create(session=session, learner=ben, status="excused")
    ben.enrollments.update(status="withdrawn")
    client.force_login(director)

    context = client.get(f"/programs/{program.slug}/attendance/").context

    learners = context["learners"]
    assert [(r["full_name"], (r["present"], r["absent"], r["excused"])) for r in learners] == [
        ("Ana Adams", (1, 0, 0))
    ]
    assert [(s.title, (s.present, s.absent, s.excused)) for s in context["sessions"]] == [
        ("Quality", (1, 0, 1))
    ]


def test_attendance_pages_are_for_this_programs_directors(client, program, session, faculty_user):
    client.force_login(faculty_user)

    statuses = [
        client.get(sheet_url(program, session)).status_code,
        client.post(sheet_url(program, session), {"all_present": "1"}).status_code,
        client.get(f"/programs/{program.slug}/sessions/{session.pk}/sign-in-sheet.pdf").status_code,
    ]

    assert statuses == [403, 403, 403]
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 10])
def test_sign_in_sheet_uses_a_constant_number_of_queries(
    client, director, program, session, rows, django_assert_num_queries
):
    for _ in range(rows):
        enrollment = EnrollmentFactory(program=program)
        Attendance.objects.create(session=session, learner=enrollment.learner, status="present")
    client.force_login(director)

    with django_assert_num_queries(7):
        response = client.get(sheet_url(program, session))

    assert len(response.context["sheet"]) == rows


@pytest.mark.parametrize("rows", [1, 10])
def test_attendance_summary_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for _ in range(rows):
        enrollment = EnrollmentFactory(program=program)
        session = SeminarSessionFactory(program=program)
        Attendance.objects.create(session=session, learner=enrollment.learner, status="present")
    client.force_login(director)

    with django_assert_num_queries(5):
        response = client.get(f"/programs/{program.slug}/attendance/")

    assert (len(response.context["learners"]), len(response.context["sessions"])) == (rows, rows)


@pytest.fixture
def namesakes(program, ana):
    """A second and a third Ana Adams: one in another residency, one in the same."""
    other = LearnerFactory(
        first_name="Ana", last_name="Adams", residency_program="Surgery", pgy_level=1
    )
    same = LearnerFactory(
        first_name="Ana", last_name="Adams", residency_program="Pediatrics", pgy_level=ana.pgy_level
    )
    for learner in (other, same):
        EnrollmentFactory(program=program, learner=learner)
    return other, same


def test_the_sheet_tells_learners_with_the_same_name_apart(
    client, director, program, session, ana, ben, namesakes
):
    _, same = namesakes
    client.force_login(director)

    html = client.get(sheet_url(program, session)).content.decode()

    names = re.findall(r'<span class="name">(.*?)</span>\s*<form', html, re.DOTALL)
    assert sorted(names) == sorted(
        [
            f'Ana Adams <span class="muted">({ana.email})</span>',
            'Ana Adams <span class="muted">(PGY-1, Surgery)</span>',
            f'Ana Adams <span class="muted">({same.email})</span>',
            "Ben Baker",
        ]
    )


def test_a_row_saved_through_htmx_keeps_its_namesake_detail(
    client, director, program, session, ana, namesakes
):
    client.force_login(director)

    response = client.post(
        sheet_url(program, session),
        {"learner": ana.pk, "status": "present"},
        headers={"HX-Request": "true"},
    )

    assert f'Ana Adams <span class="muted">({ana.email})</span>' in response.content.decode()


def test_the_printed_sign_in_sheet_tells_namesakes_apart(
    client, director, program, session, ana, namesakes
):
    _, same = namesakes
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/sessions/{session.pk}/sign-in-sheet.pdf")

    text = pdf_words(response.content, layout=False)
    assert f"Adams, Ana {ana.email} PGY-{ana.pgy_level}, Pediatrics" in text
    assert "Adams, Ana PGY-1, Surgery" in text
    assert f"Adams, Ana {same.email} PGY-{ana.pgy_level}, Pediatrics" in text
