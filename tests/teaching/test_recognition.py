import pytest
from django.core import mail

from teaching.selectors.recognition import teaching_record
from tests.factories import UserFactory
from tests.partners.conftest import status_for
from tests.pdf import pdf_words

pytestmark = pytest.mark.django_db


def test_teaching_record_counts_confirmed_sessions_hours_and_learners(world, taught):
    record = teaching_record(faculty_member=world.member, program=taught)

    assert [s.title for s in record.sessions] == ["Measuring quality", "Paying for value"]
    assert (record.hours, record.learners_reached) == (3.5, 4)


def test_faculty_member_downloads_their_letter(client, world, taught, tmp_path):
    client.force_login(world.faculty_user)

    response = client.get("/teaching/letters/concentrated-2026.pdf")

    text = pdf_words(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Dear Maria," in text
    assert "You taught 2 sessions for a total of 3.5 teaching hours, reaching 4 learners." in text
    assert "Measuring quality" in text
    assert "Paying for value" in text


def test_the_letter_a_faculty_member_downloads_is_signed_by_the_programs_directors(
    client, world, taught
):
    director = world.program.directors.get()
    director.first_name, director.last_name = "Erica", "Rios"
    director.save()
    world.program.directors.add(UserFactory(first_name="Ann", last_name="Zhou"))
    client.force_login(world.faculty_user)

    response = client.get("/teaching/letters/concentrated-2026.pdf")

    assert "With gratitude, Erica Rios, Ann Zhou Course directors, Concentrated 2026" in (
        pdf_words(response.content)
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("learner", 403), ("liaison", 403), ("other_faculty_user", 404)],
)
def test_letters_are_only_for_faculty_who_taught(client, world, taught, role, expected):
    assert status_for(client, world, role, "/teaching/letters/concentrated-2026.pdf") == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("faculty_user", 403),
        ("liaison", 403),
        ("other_director", 404),
        ("director", 200),
    ],
)
def test_directors_download_letters_of_their_programs_faculty(
    client, world, taught, role, expected
):
    url = f"/programs/concentrated-2026/faculty/{world.member.pk}/letter/"

    assert status_for(client, world, role, url) == expected


def test_director_emails_the_letter_as_a_pdf(
    client, world, taught, django_capture_on_commit_callbacks
):
    client.force_login(world.director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/concentrated-2026/faculty/{world.member.pk}/letter/")

    [message] = mail.outbox
    assert response.url == "/programs/concentrated-2026/volunteers/"
    assert (message.to, message.subject) == (
        ["maria@keystone.example.org"],
        "[Mini-Rotation] Thank you for teaching in Concentrated 2026",
    )
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (
        f"recognition-concentrated-2026-{world.member.pk}.pdf",
        "application/pdf",
    )
    assert content.startswith(b"%PDF-")
