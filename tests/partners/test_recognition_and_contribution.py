from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from partners.models import PrintingRecord
from partners.selectors import partner_contribution, teaching_record
from rotation.models import ProgramPartner
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.partners.conftest import status_for
from tests.pdf import pdf_words

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def taught(world):
    """Maria teaches two sessions (1.5 h and 2 h) in Keystone's room, a colleague one; a
    Keystone room hosts a third session on a second day; four learners are enrolled."""
    program = world.program
    second_room = MeetingRoomFactory(site=world.site, name="Training Room 3")
    first = SeminarSessionFactory(
        program=program,
        title="Measuring quality",
        status="published",
        room=world.room,
        starts_at=at(-10, 9),
        ends_at=at(-10, 10, 30),
    )
    second = SeminarSessionFactory(
        program=program,
        title="Paying for value",
        status="published",
        room=world.room,
        starts_at=at(-10, 13),
        ends_at=at(-10, 15),
    )
    third = SeminarSessionFactory(
        program=program,
        title="Public health",
        status="published",
        room=second_room,
        starts_at=at(-9, 9),
        ends_at=at(-9, 10),
    )
    SeminarSessionFactory(
        program=program,
        title="Cancelled",
        status="cancelled",
        room=world.room,
        starts_at=at(-8, 9),
        ends_at=at(-8, 10),
    )
    colleague = FacultyMemberFactory(
        organization=world.organization, first_name="Tom", last_name="Becker"
    )
    outsider = FacultyMemberFactory(organization=world.other_organization)
    SessionFacultyFactory(session=first, faculty_member=world.member, confirmation="confirmed")
    SessionFacultyFactory(session=second, faculty_member=world.member, confirmation="confirmed")
    SessionFacultyFactory(
        session=second, faculty_member=colleague, confirmation="confirmed", role="panelist"
    )
    SessionFacultyFactory(session=third, faculty_member=outsider, confirmation="confirmed")
    SessionFacultyFactory(
        session=third,
        faculty_member=FacultyMemberFactory(organization=world.organization),
        confirmation="declined",
    )
    for _ in range(4):
        EnrollmentFactory(program=program)
    EnrollmentFactory(program=program, status="withdrawn")
    PrintingRecord.objects.create(organization=world.organization, program=program, pages=120)
    PrintingRecord.objects.create(organization=world.organization, program=program, pages=30)
    PrintingRecord.objects.create(
        organization=world.organization, program=world.other_program, pages=999
    )
    return program


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


def test_partner_contribution_adds_up_teaching_rooms_learners_and_printing(world, taught):
    contribution = partner_contribution(organization=world.organization, programs=[taught])

    assert [(f.faculty_member.full_name, f.sessions, f.hours) for f in contribution.faculty] == [
        ("Maria Alvarez", 2, 3.5),
        ("Tom Becker", 1, 2.0),
    ]
    assert (
        contribution.teaching_hours,
        contribution.sessions_taught,
        contribution.sessions_hosted,
        [room.name for room in contribution.rooms],
        contribution.room_days,
        contribution.learners_reached,
        contribution.printed_pages,
    ) == (5.5, 2, 3, ["Boardroom A", "Training Room 3"], 2, 4, 150)


def test_contribution_of_a_partner_with_nothing_is_all_zero(world, taught):
    contribution = partner_contribution(
        organization=world.other_organization, programs=[world.other_program]
    )

    assert (
        contribution.faculty,
        contribution.teaching_hours,
        contribution.rooms,
        contribution.learners_reached,
        contribution.printed_pages,
    ) == ([], 0, [], 0, 0)


def test_contribution_page_filters_by_program_and_year(client, world, taught):
    later = ProgramFactory(slug="later", academic_year="2027-2028")
    ProgramPartner.objects.create(program=later, organization=world.organization, role="content")
    client.force_login(world.liaison)

    by_program = client.get("/partners/keystone/contribution/?program=concentrated-2026")
    by_year = client.get("/partners/keystone/contribution/?year=2027-2028")
    foreign = client.get("/partners/keystone/contribution/?program=other-program")

    assert [p.slug for p in by_program.context["contribution"].programs] == ["concentrated-2026"]
    assert by_program.context["contribution"].teaching_hours == 5.5
    assert (by_year.context["period"], by_year.context["contribution"].teaching_hours) == (
        "Academic year 2027-2028",
        0,
    )
    assert foreign.status_code == 404


def test_contribution_pdf_matches_the_schedule(client, world, taught, tmp_path):
    client.force_login(world.director)

    response = client.get("/partners/keystone/contribution.pdf?program=concentrated-2026")

    text = pdf_words(response.content)
    assert response["Content-Type"] == "application/pdf"
    for line in [
        "Keystone Health Plan",
        "Faculty who taught 2",
        "Sessions taught 2",
        "Teaching hours 5.5",
        "Sessions hosted 3",
        "Rooms provided 2",
        "Room-days 2",
        "Learners reached 4",
        "Pages printed and copied 150",
        "Maria Alvarez",
    ]:
        assert line in text


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("faculty_user", 403),
        ("other_liaison", 404),
        ("liaison", 200),
    ],
)
def test_contribution_pdf_is_for_the_partners_managers(client, world, role, expected):
    assert status_for(client, world, role, "/partners/keystone/contribution.pdf") == expected


def test_liaison_records_printing_and_bad_input_is_refused(client, world, taught):
    client.force_login(world.liaison)

    client.post("/partners/keystone/printing/", {"program": taught.pk, "pages": 40}, follow=True)
    bad = client.post(
        "/partners/keystone/printing/", {"program": taught.pk, "pages": 0}, follow=True
    )
    foreign = client.post(
        "/partners/keystone/printing/", {"program": world.other_program.pk, "pages": 5}, follow=True
    )

    assert (
        PrintingRecord.objects.filter(organization=world.organization, program=taught).count() == 3
    )
    assert [str(m) for m in bad.context["messages"]] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert [str(m) for m in foreign.context["messages"]] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
