import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rotation.models import Enrollment, Learner, User
from tests.factories import EnrollmentFactory, LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "email,first_name,last_name,residency_program,pgy_level,"
    "program_director_name,program_director_email"
)
ANA = (
    "ana.diaz@hospital.example.org,Ana,Diaz,Internal Medicine,2,"
    "Dr. Morgan Lee,pd@hospital.example.org"
)
BEN = "Ben.Fox@Hospital.example.org,Ben,Fox,Pediatrics,1,Dr. Sam Roe,peds-pd@hospital.example.org"


def upload(client, program, text: str | bytes, name="roster.csv", **kwargs):
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        f"/programs/{program.slug}/learners/import/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        **kwargs,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_valid_roster_enrolls_everyone_and_invites_new_learners(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n", follow=True)

    assert messages_of(response) == [
        "Imported 2 rows: 2 newly enrolled (2 new learners, invited by email), 0 already enrolled."
    ]
    ben = Learner.objects.get(email="ben.fox@hospital.example.org")
    assert (ben.first_name, ben.residency_program, ben.pgy_level) == ("Ben", "Pediatrics", 1)
    assert (ben.program_director_name, ben.program_director_email) == (
        "Dr. Sam Roe",
        "peds-pd@hospital.example.org",
    )
    assert ben.user.email == "ben.fox@hospital.example.org"
    assert ben.user.has_usable_password() is False
    assert list(EmailAddress.objects.filter(user=ben.user).values_list("verified", flat=True)) == [
        False
    ]
    assert sorted(Enrollment.objects.filter(program=program).values_list("learner__email")) == [
        ("ana.diaz@hospital.example.org",),
        ("ben.fox@hospital.example.org",),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana.diaz@hospital.example.org",
        "ben.fox@hospital.example.org",
    ]
    assert mail.outbox[0].subject == f"[Mini-Rotation] You are enrolled in {program.name}"


def test_the_invitation_link_lets_the_learner_choose_a_password_and_sign_in(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, program, f"{HEADER}\n{ANA}\n")
    client.logout()
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)

    form_page = client.get(link[1], follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link[1],
        {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"},
    )
    signed_in = client.post(
        "/accounts/login/",
        {"login": "ana.diaz@hospital.example.org", "password": "a-long-new-passphrase"},
        follow=True,
    )

    assert signed_in.context["user"].email == "ana.diaz@hospital.example.org"
    assert signed_in.redirect_chain[-1][0] == "/my-rotation/"


def test_two_bad_rows_import_nothing_and_name_both_lines(client, director, program):
    client.force_login(director)
    bad_email = "not-an-email,Cy,Cruz,Psychiatry,2,Dr. A,pd@hospital.example.org"
    bad_pgy = "dev@hospital.example.org,Dev,Evans,Psychiatry,nine,Dr. A,pd@hospital.example.org"

    response = upload(client, program, f"{HEADER}\n{ANA}\n{bad_email}\n{BEN}\n{bad_pgy}\n")

    assert response.status_code == 200
    assert response.context["import_errors"] == [
        "Line 3: email: Enter a valid email address.",
        "Line 5: pgy_level: Enter a whole number.",
    ]
    assert "Nothing was imported." in response.content.decode()
    assert (Learner.objects.count(), User.objects.count(), mail.outbox) == (0, 1, [])


def test_re_importing_the_same_file_changes_nothing(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n", follow=True)
    snapshot = list(Learner.objects.values().order_by("pk"))
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n", follow=True)

    assert messages_of(response) == [
        "Imported 2 rows: nothing changed, all 2 were already enrolled."
    ]
    assert list(Learner.objects.values().order_by("pk")) == snapshot
    assert Enrollment.objects.count() == 2
    assert len(mail.outbox) == sent


def test_an_existing_learner_is_matched_by_email_case_insensitively(client, director, program):
    existing = LearnerFactory(email="ana.diaz@hospital.example.org", first_name="Ana")
    client.force_login(director)

    response = upload(client, program, f"{HEADER}\n{ANA.replace('ana.diaz', 'ANA.DIAZ')}\n")
    assert response.status_code == 302

    assert Learner.objects.count() == 1
    assert Enrollment.objects.get().learner == existing


def test_an_optional_external_id_column_is_stored_and_fills_a_missing_one(
    client, director, program
):
    on_file = LearnerFactory(email="ben.fox@hospital.example.org", external_id="")
    kept = LearnerFactory(email="cy@hospital.example.org", external_id="MH-7")
    cy = "cy@hospital.example.org,Cy,Park,Pediatrics,1,Dr. Sam Roe,peds-pd@hospital.example.org"
    client.force_login(director)

    response = upload(
        client,
        program,
        f"{HEADER},external_id\n{ANA},MH-1001\n{BEN},MH-1002\n{cy},MH-9999\n",
    )

    assert response.status_code == 302
    on_file.refresh_from_db()
    kept.refresh_from_db()
    new = Learner.objects.get(email="ana.diaz@hospital.example.org")
    assert (new.external_id, on_file.external_id, kept.external_id) == (
        "MH-1001",
        "MH-1002",
        "MH-7",
    )


def test_a_file_with_a_bom_and_windows_line_endings_imports(client, director, program):
    client.force_login(director)
    content = "\ufeff".encode() + f"{HEADER}\r\n{ANA}\r\n{BEN}\r\n".encode()

    response = upload(client, program, content, follow=True)

    assert messages_of(response)[0].startswith("Imported 2 rows: 2 newly enrolled")
    assert Learner.objects.count() == 2


def test_an_empty_file_is_refused(client, director, program):
    client.force_login(director)

    response = upload(client, program, b"")

    # Django refuses an empty upload before the parser sees it.
    assert response.context["upload_form"].errors == {"file": ["The submitted file is empty."]}
    assert Learner.objects.count() == 0


def test_a_file_of_blank_lines_is_empty(client, director, program):
    client.force_login(director)

    response = upload(client, program, "\r\n\r\n")

    assert response.context["import_errors"] == ["The file is empty."]


def test_a_header_without_rows_is_refused(client, director, program):
    client.force_login(director)

    response = upload(client, program, f"{HEADER}\n")

    assert response.context["import_errors"] == ["The file has a header but no learners."]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "roster.xlsx",
            b"PK\x03\x04binary",
            "“roster.xlsx” is not a CSV file. Upload a .csv file.",
        ),
        (
            "roster.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "“roster.csv” is not a CSV text file (it is not UTF-8 text).",
        ),
    ],
)
def test_a_non_csv_upload_is_refused(client, director, program, name, content, error):
    client.force_login(director)

    response = upload(client, program, content, name=name)

    assert response.context["import_errors"] == [error]
    assert Learner.objects.count() == 0


def test_missing_columns_and_duplicate_rows_are_named(client, director, program):
    client.force_login(director)

    missing = upload(client, program, "email,first_name\nx@example.org,X\n")
    duplicate = upload(client, program, f"{HEADER}\n{ANA}\n{ANA}\n")

    assert missing.context["import_errors"] == [
        "Line 1: missing columns last_name, residency_program, pgy_level, "
        "program_director_name, program_director_email. Expected columns: email, first_name, "
        "last_name, residency_program, pgy_level, program_director_name, program_director_email."
    ]
    assert duplicate.context["import_errors"] == [
        "Line 3: ana.diaz@hospital.example.org already appears on line 2."
    ]


def test_director_adds_one_learner_by_hand(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/learners/add/",
        {
            "email": "cy@hospital.example.org",
            "first_name": "Cy",
            "last_name": "Cruz",
            "residency_program": "Psychiatry",
            "pgy_level": "3",
            "program_director_name": "Dr. A",
            "program_director_email": "pd@hospital.example.org",
        },
        follow=True,
    )

    assert messages_of(response) == ["Enrolled Cy Cruz."]
    assert Enrollment.objects.get().learner.email == "cy@hospital.example.org"


def test_adding_a_learner_with_errors_keeps_what_was_typed(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/learners/add/",
        {"email": "cy@hospital.example.org", "first_name": "Cy", "pgy_level": "12"},
    )

    form = response.context["learner_form"]
    assert form["first_name"].value() == "Cy"
    assert form.errors["pgy_level"] == ["Ensure this value is less than or equal to 8."]
    assert Learner.objects.count() == 0


def test_roster_rows_show_training_account_status_and_the_action(client, director, program):
    active = LearnerFactory(
        first_name="Ana", last_name="Diaz", residency_program="Pediatrics", pgy_level=3
    )
    active.user = UserFactory(email=active.email)
    active.save()
    invited = LearnerFactory(
        first_name="Ben",
        last_name="Fox",
        kind="fellow",
        residency_program="Cardiology",
        pgy_level=5,
        user=UserFactory(password=None),
    )
    student = LearnerFactory(
        first_name="Cy",
        last_name="Gray",
        kind="medical_student",
        residency_program="State School of Medicine",
        pgy_level=None,
        clerkship_year=3,
    )
    ana, ben = (EnrollmentFactory(program=program, learner=each) for each in (active, invited))
    cy = EnrollmentFactory(program=program, learner=student, status="withdrawn")
    learners = f"/programs/{program.slug}/learners"
    client.force_login(director)

    roster = client.get(f"/programs/{program.slug}/learners/").context["roster"]

    assert [
        (row["full_name"], row["training"], row["account"], row["status"], row["action_url"])
        for row in roster
    ] == [
        ("Ana Diaz", "Pediatrics, PGY-3", "Active", "Enrolled", f"{learners}/{ana.pk}/withdraw/"),
        (
            "Ben Fox",
            "Fellow, Cardiology, PGY-5",
            "Invited",
            "Enrolled",
            f"{learners}/{ben.pk}/withdraw/",
        ),
        (
            "Cy Gray",
            "Medical student, State School of Medicine, clerkship year 3",
            "No account",
            "Withdrawn",
            f"{learners}/{cy.pk}/reenrol/",
        ),
    ]


def test_an_archived_programs_roster_offers_no_actions(client, director, program):
    EnrollmentFactory(program=program)
    EnrollmentFactory(program=program, status="withdrawn")
    program.archived_at = timezone.now()
    program.save()
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/learners/")

    assert [row["action_url"] for row in response.context["roster"]] == ["", ""]
    assert "Withdraw…" not in response.text
    assert "Re-enrol" not in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_roster_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for _ in range(rows):
        EnrollmentFactory(program=program)
    client.force_login(director)

    with django_assert_num_queries(4):
        response = client.get(f"/programs/{program.slug}/learners/")

    assert len(response.context["roster"]) == rows


def test_withdrawing_keeps_the_learner_and_takes_them_off_the_sheets(client, director, program):
    enrollment = EnrollmentFactory(program=program)
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/learners/{enrollment.pk}/withdraw/", follow=True
    )

    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    assert [str(m) for m in response.context["messages"]] == [
        f"Withdrew {enrollment.learner} from {program.name}. "
        "To undo, choose Re-enrol next to their name below."
    ]
    assert Learner.objects.filter(pk=enrollment.learner_id).exists()


def test_withdraw_asks_first_and_changes_nothing(client, director, program):
    enrollment = EnrollmentFactory(program=program, learner__first_name="Ana")
    client.force_login(director)
    roster = client.get(f"/programs/{program.slug}/learners/").content.decode()

    response = client.get(f"/programs/{program.slug}/learners/{enrollment.pk}/withdraw/")

    enrollment.refresh_from_db()
    url = f"/programs/{program.slug}/learners/{enrollment.pk}/withdraw/"
    assert f'<a href="{url}" aria-label="Withdraw {enrollment.learner.full_name}">' in roster
    assert (response.status_code, enrollment.status) == (200, "enrolled")
    assert response.context["title"] == f"Withdraw {enrollment.learner.full_name}?"
    assert f'<form method="post" action="{url}">' in response.content.decode()


def test_a_withdrawn_learner_is_re_enrolled_from_the_roster(client, director, program):
    enrollment = EnrollmentFactory(program=program, status="withdrawn")
    client.force_login(director)
    url = f"/programs/{program.slug}/learners/{enrollment.pk}/reenrol/"
    assert f'action="{url}"' in client.get(f"/programs/{program.slug}/learners/").content.decode()

    response = client.post(url, follow=True)

    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"
    assert [str(m) for m in response.context["messages"]] == [
        f"Re-enrolled {enrollment.learner} in {program.name}."
    ]


def test_another_programs_enrollment_cannot_be_withdrawn(client, director, program):
    foreign = EnrollmentFactory()
    client.force_login(director)

    response = client.post(f"/programs/{program.slug}/learners/{foreign.pk}/withdraw/")

    foreign.refresh_from_db()
    assert (response.status_code, foreign.status) == (404, "enrolled")
