"""Learners are residents, fellows or medical students: students have a clerkship year instead
of a PGY level and a clerkship director instead of a residency program director."""

import pytest
from django.db import IntegrityError

from rotation.models import Learner
from tests.factories import EnrollmentFactory, LearnerFactory
from tests.pdf import pdf_text
from tests.rotation.test_roster import HEADER, messages_of, upload

pytestmark = pytest.mark.django_db

KINDS_HEADER = f"{HEADER},kind,clerkship_year"
FELLOW = (
    "fay@hospital.example.org,Fay,Ode,Cardiology,5,Dr. Kim,cards-pd@hospital.example.org,fellow,"
)
STUDENT = (
    "sam@school.example.edu,Sam,Lin,Riverside School of Medicine,,"
    "Dr. Ito,clerkship@school.example.edu,medical_student,3"
)


def test_a_roster_with_fellows_and_medical_students_imports_both(client, director, program):
    client.force_login(director)

    response = upload(client, program, f"{KINDS_HEADER}\n{FELLOW}\n{STUDENT}\n", follow=True)

    learners = Learner.objects.order_by("email")
    assert messages_of(response)[0].startswith("Imported 2 rows: 2 newly enrolled")
    assert [(x.kind, x.pgy_level, x.clerkship_year, x.level_label) for x in learners] == [
        ("fellow", 5, None, "PGY-5"),
        ("medical_student", None, 3, "clerkship year 3"),
    ]


def test_a_roster_of_students_only_may_leave_out_the_pgy_column(client, director, program):
    header = KINDS_HEADER.replace("pgy_level,", "")
    row = STUDENT.replace("Medicine,,", "Medicine,")
    client.force_login(director)

    upload(client, program, f"{header}\n{row}\n")

    assert Learner.objects.get().clerkship_year == 3


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            STUDENT.replace(",3", ","),
            "Line 2: clerkship_year: A medical student needs a clerkship year (1–4).",
        ),
        (
            STUDENT.replace("Medicine,,", "Medicine,2,"),
            "Line 2: pgy_level: A medical student has a clerkship year, not a PGY level.",
        ),
        (FELLOW + "2", "Line 2: clerkship_year: Only medical students have a clerkship year."),
        (
            FELLOW.replace(",5,", ",,"),
            ("Line 2: pgy_level: A resident or fellow needs a PGY level (1–8)."),
        ),
        (
            STUDENT.replace("medical_student", "intern"),
            ("Line 2: kind: Select a valid choice. intern is not one of the available choices."),
        ),
    ],
)
def test_a_learner_whose_level_does_not_match_their_kind_is_refused(
    client, director, program, row, error
):
    client.force_login(director)

    response = upload(client, program, f"{KINDS_HEADER}\n{row}\n")

    assert response.context["import_errors"] == [error]
    assert Learner.objects.count() == 0


def test_the_database_refuses_a_student_with_a_pgy_level():
    with pytest.raises(IntegrityError):
        LearnerFactory(kind="medical_student", pgy_level=2, clerkship_year=3)


def test_learners_are_residents_unless_told_otherwise():
    assert LearnerFactory().kind == "resident"


def test_a_students_excusal_letter_goes_to_the_clerkship_director(client, director, program):
    student = LearnerFactory(
        first_name="Sam",
        last_name="Lin",
        kind="medical_student",
        pgy_level=None,
        clerkship_year=3,
        residency_program="Riverside School of Medicine",
        program_director_name="Dr. Ito",
    )
    enrollment = EnrollmentFactory(program=program, learner=student)
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/letters/{enrollment.pk}/preview.pdf")

    text = " ".join(pdf_text(response.content).split())
    assert "Clerkship Director, Riverside School of Medicine" in text
    assert "Sam Lin (medical student, clerkship year 3, Riverside School of Medicine)" in text
