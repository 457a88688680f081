from datetime import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from rotation.models import ExcusalLetter
from rotation.services.letters import queue_excusal_letters
from rotation.tasks import send_excusal_letter
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    MeetingRoomFactory,
    SeminarSessionFactory,
)
from tests.pdf import pdf_text, pdf_words

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def seminar(program):
    room = MeetingRoomFactory(
        name="Boardroom A", site__organization__name="Keystone", site__address="1200 Market St"
    )
    for day, start, end in [(2, 9, 10), (2, 13, 15), (3, 9, 12)]:
        SeminarSessionFactory(
            program=program,
            room=room,
            status="published",
            starts_at=at(day, start),
            ends_at=at(day, end),
        )
    SeminarSessionFactory(program=program, status="draft", starts_at=at(4, 9), ends_at=at(4, 10))
    learner = LearnerFactory(
        first_name="Ana",
        last_name="Adams",
        email="ana@hospital.example.org",
        program_director_name="Dr. Morgan Lee",
        program_director_email="pd@hospital.example.org",
    )
    return EnrollmentFactory(program=program, learner=learner)


def test_preview_pdf_names_the_learner_and_every_seminar_date(client, director, program, seminar):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/letters/{seminar.pk}/preview.pdf")

    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Request to excuse Ana Adams from clinical duty" in text
    assert "Dear Dr. Morgan Lee," in text
    assert "Tue March 2, 2027" in text
    assert "09:00–15:00" in text
    assert "Wed March 3, 2027" in text
    assert "09:00–12:00" in text
    assert "Thu March 4, 2027" not in text  # a draft is not a seminar day yet
    assert "Boardroom A, Keystone, 1200 Market St" in text


def test_send_all_emails_each_program_director_the_pdf_once(
    client, director, program, seminar, django_capture_on_commit_callbacks
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/programs/{program.slug}/letters/send/", follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(f"/programs/{program.slug}/letters/send/", follow=True)

    assert [str(m) for m in first.context["messages"]] == ["Sending 1 letter."]
    assert [str(m) for m in second.context["messages"]] == [
        "Every letter has already been sent; use Re-send for one."
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.cc) == (["pd@hospital.example.org"], ["ana@hospital.example.org"])
    assert message.subject == f"[Mini-Rotation] Clinical-duty excusal: Ana Adams, {program.name}"
    (name, pdf, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("excusal-letter-adams-ana.pdf", "application/pdf")
    assert "Ana Adams" in pdf_text(pdf)
    letter = ExcusalLetter.objects.get()
    assert (letter.status, letter.sent_to) == ("sent", "pd@hospital.example.org")
    assert letter.sent_at is not None


def test_a_failed_letter_shows_the_reason_and_can_be_re_sent(
    client, director, program, seminar, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with (
        mock.patch(
            "rotation.notifications._send", side_effect=ConnectionRefusedError("SMTP refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/programs/{program.slug}/letters/send/")
    failed = ExcusalLetter.objects.get()

    page = client.get(f"/programs/{program.slug}/letters/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programs/{program.slug}/letters/send/", {"enrollment": seminar.pk})

    assert (failed.status, failed.failure_reason) == ("failed", "SMTP refused")
    assert "Failed: SMTP refused" in page.content.decode()
    assert ExcusalLetter.objects.get().status == "sent"
    assert len(mail.outbox) == 1


def test_another_programs_enrollment_cannot_be_previewed(client, director, program):
    foreign = EnrollmentFactory()
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/letters/{foreign.pk}/preview.pdf")

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 10])
def test_letter_list_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for number in range(rows):
        enrollment = EnrollmentFactory(program=program)
        if number % 2:
            ExcusalLetter.objects.create(enrollment=enrollment, status="sent")
    client.force_login(director)

    with django_assert_num_queries(5):
        response = client.get(f"/programs/{program.slug}/letters/")

    assert len(response.context["enrollments"]) == rows


def test_a_duplicated_task_does_not_email_twice(program, seminar):
    queue_excusal_letters(program=program)  # on_commit never fires here: run the task by hand
    letter = ExcusalLetter.objects.get()

    results = [send_excusal_letter(letter_id=letter.pk), send_excusal_letter(letter_id=letter.pk)]

    assert results == [True, False]
    assert len(mail.outbox) == 1


def test_a_day_in_two_rooms_of_one_building_names_its_address_once(client, director, program):
    building = MeetingRoomFactory(
        name="Boardroom A", site__organization__name="Keystone", site__address="1200 Market St"
    )
    second = MeetingRoomFactory(name="Training Room 3", site=building.site)
    for room, start, end in [(building, 9, 10), (second, 11, 12), (building, 13, 14)]:
        SeminarSessionFactory(
            program=program,
            room=room,
            status="published",
            starts_at=at(2, start),
            ends_at=at(2, end),
        )
    enrollment = EnrollmentFactory(program=program)
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/letters/{enrollment.pk}/preview.pdf")

    text = pdf_words(response.content)
    assert "Tue March 2, 2027 09:00–14:00 Boardroom A and Training Room 3, Keystone, 1200" in text
    assert text.count("1200 Market St") == 1


def test_a_sent_letter_keeps_the_date_it_was_sent(client, director, program, seminar):
    ExcusalLetter.objects.create(
        enrollment=seminar, status="sent", sent_at=at(1, 12), sent_to="pd@hospital.example.org"
    )
    with time_machine.travel("2027-05-20 12:00Z"):
        client.force_login(director)
        response = client.get(f"/programs/{program.slug}/letters/{seminar.pk}/preview.pdf")

    assert "March 1, 2027 Dr. Morgan Lee" in pdf_words(response.content)


def test_a_letter_not_sent_yet_is_dated_today(client, director, program, seminar):
    with time_machine.travel("2027-02-20 12:00Z"):
        client.force_login(director)
        response = client.get(f"/programs/{program.slug}/letters/{seminar.pk}/preview.pdf")

    assert "Feb. 20, 2027 Dr. Morgan Lee" in pdf_words(response.content)
