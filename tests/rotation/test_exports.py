"""The attendance export for other systems (rotation/exports.py) and its page."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from rotation.exports import COLUMNS, attendance_rows, to_csv
from rotation.models import Attendance, Enrollment, Program, SeminarSession
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    ProgramFactory,
    SeminarSessionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # noon in New York
URL = "/exports/attendance/"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def director():
    return UserFactory(email="director@example.org")


def session(program, *, days: int, hours: float = 2, **fields) -> SeminarSession:
    starts_at = NOW + timedelta(days=days)
    return SeminarSessionFactory(
        program=program,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        status=fields.pop("status", SeminarSession.Status.PUBLISHED),
        **fields,
    )


@pytest.fixture
def program(director):
    return ProgramFactory(
        slug="sbp-2026", name="Health Systems", academic_year="2026-2027", directors=[director]
    )


def learner(email, *, residency="Internal Medicine", **fields):
    return LearnerFactory(
        email=email,
        first_name=email.split("@")[0].title(),
        last_name="Lee",
        residency_program=residency,
        pgy_level=2,
        **fields,
    )


def test_one_row_per_learner_and_published_session_with_status_and_completion(program):
    paying = TopicFactory(program=program, sbp_competencies=["SBP1", "SBP3"])
    past = session(program, days=-7, title="How health plans pay", hours=1.5, topic=paying)
    future = session(program, days=7, title="Population health")
    session(program, days=-3, status=SeminarSession.Status.CANCELLED)
    session(program, days=14, status=SeminarSession.Status.DRAFT)
    present = learner("ana@example.org", external_id="MH-1001")
    withdrawn = learner("ben@example.org")
    EnrollmentFactory(program=program, learner=present)
    EnrollmentFactory(program=program, learner=withdrawn, status=Enrollment.Status.WITHDRAWN)
    Attendance.objects.create(session=past, learner=present, status=Attendance.Status.PRESENT)

    rows = attendance_rows(programs=Program.objects.all(), academic_year="2026-2027")

    ana = ["ana@example.org", "MH-1001", "Lee", "Ana", "Internal Medicine", "2"]
    ben = ["ben@example.org", "", "Lee", "Ben", "Internal Medicine", "2"]
    course = ["sbp-2026", "Health Systems", "2026-2027"]
    held = [past.starts_at.date().isoformat(), "How health plans pay", "SBP1;SBP3", "1.50"]
    ahead = [future.starts_at.date().isoformat(), "Population health", "", "2.00"]
    assert [[str(value) for value in row] for row in rows] == [
        [*ana, *course, "enrolled", *held, "present", "1.50", "3.50", "in_progress"],
        [*ana, *course, "enrolled", *ahead, "upcoming", "1.50", "3.50", "in_progress"],
        [*ben, *course, "withdrawn", *held, "not_recorded", "0.00", "3.50", "incomplete"],
        [*ben, *course, "withdrawn", *ahead, "upcoming", "0.00", "3.50", "incomplete"],
    ]


@pytest.mark.parametrize(
    ("statuses", "completion"),
    [
        (["present", "excused"], "complete"),
        (["present", "absent"], "incomplete"),
        (["present", None], "incomplete"),
    ],
)
def test_completion_when_every_session_is_over(program, statuses, completion):
    ana = learner("ana@example.org")
    EnrollmentFactory(program=program, learner=ana)
    for days, status in zip([-7, -6], statuses, strict=True):
        held = session(program, days=days)
        if status:
            Attendance.objects.create(session=held, learner=ana, status=status)

    rows = attendance_rows(programs=Program.objects.all(), academic_year="2026-2027")

    assert [row[-1] for row in rows] == [completion, completion]


def test_one_residency_program_of_one_academic_year(program, director):
    session(program, days=-1)
    other_year = ProgramFactory(academic_year="2025-2026", directors=[director])
    session(other_year, days=-400)
    for email, residency, in_program in [
        ("ana@example.org", "Internal Medicine", program),
        ("cy@example.org", "Pediatrics", program),
        ("dee@example.org", "Internal Medicine", other_year),
    ]:
        EnrollmentFactory(program=in_program, learner=learner(email, residency=residency))
    erased = learner("R-1A2B3C4D@deidentified.invalid", deidentified_at=timezone.now())
    EnrollmentFactory(program=program, learner=erased)

    rows = attendance_rows(
        programs=Program.objects.all(),
        academic_year="2026-2027",
        residency_program="Internal Medicine",
    )

    assert [row[0] for row in rows] == ["ana@example.org"]


def test_the_csv_has_the_documented_header_and_safe_cells():
    table = to_csv([["=HYPERLINK(1)", *[""] * (len(COLUMNS) - 1)]])

    assert list(csv.reader(io.StringIO(table))) == [
        list(COLUMNS),
        ["'=HYPERLINK(1)", *[""] * (len(COLUMNS) - 1)],
    ]


# --- The page -----------------------------------------------------------------------------------


def test_a_director_downloads_the_csv_of_their_programs_only(client, program, director):
    session(program, days=-1)
    EnrollmentFactory(program=program, learner=learner("ana@example.org"))
    not_theirs = ProgramFactory(academic_year="2026-2027")
    session(not_theirs, days=-2)
    EnrollmentFactory(program=not_theirs, learner=learner("zed@example.org"))
    client.force_login(director)

    response = client.get(
        URL, {"academic_year": "2026-2027", "residency_program": "Internal Medicine"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == (
        'attachment; filename="attendance-2026-2027-internal-medicine.csv"'
    )
    assert [row[0] for row in rows] == ["learner_email", "ana@example.org"]


def test_staff_export_every_program(client, program):
    session(program, days=-1)
    EnrollmentFactory(program=program, learner=learner("ana@example.org"))
    client.force_login(UserFactory(is_staff=True))

    response = client.get(URL, {"academic_year": "2026-2027"})

    assert [row[0] for row in csv.reader(io.StringIO(response.content.decode()))] == [
        "learner_email",
        "ana@example.org",
    ]


def test_the_form_offers_the_years_and_residency_programs_of_their_programs(
    client, program, director
):
    EnrollmentFactory(program=program, learner=learner("ana@example.org"))
    ProgramFactory(academic_year="2025-2026", directors=[director])
    ProgramFactory(academic_year="2019-2020")  # not theirs
    client.force_login(director)

    response = client.get(URL)

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.fields["academic_year"].choices) == [
        ("2026-2027", "2026-2027"),
        ("2025-2026", "2025-2026"),
    ]
    assert list(form.fields["residency_program"].choices) == [
        ("", "All residency programs"),
        ("Internal Medicine", "Internal Medicine"),
    ]


def test_a_year_they_cannot_export_is_refused_with_a_message(client, program, director):
    client.force_login(director)

    response = client.get(URL, {"academic_year": "2019-2020"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "academic_year": ["Select a valid choice. 2019-2020 is not one of the available choices."]
    }


@pytest.mark.parametrize("learners", [1, 5])
def test_the_export_uses_a_constant_number_of_queries(
    client, program, director, learners, django_assert_num_queries
):
    sessions = [session(program, days=days) for days in (-2, -1, 1)]
    for number in range(learners):
        ana = learner(f"learner{number}@example.org")
        EnrollmentFactory(program=program, learner=ana)
        Attendance.objects.create(session=sessions[0], learner=ana, status="present")
    client.force_login(director)

    with django_assert_num_queries(7):
        response = client.get(URL, {"academic_year": "2026-2027"})

    assert len(response.content.decode().splitlines()) == 1 + 3 * learners
