from datetime import datetime

import pytest
from django.utils import timezone

from partners.models import Contact
from rotation.services.scheduling import schedule_session
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    SeminarSessionFactory,
)
from tests.pdf import pdf_text, pdf_words

pytestmark = pytest.mark.django_db


def at(day: int, hour: int) -> datetime:
    return datetime(2027, 3, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def day_plan(program):
    room = MeetingRoomFactory(
        name="Boardroom A",
        capacity=40,
        av_equipment="Projector",
        has_video_conferencing=True,
        site__organization__name="Keystone",
    )
    maria = FacultyMemberFactory(
        first_name="Maria", last_name="Alvarez", organization=room.site.organization
    )
    for first, last in [("Ana", "Adams"), ("Ben", "Baker")]:
        EnrollmentFactory(program=program, learner=LearnerFactory(first_name=first, last_name=last))
    schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=room,
        faculty=[(maria, "lead")],
    )
    schedule_session(program=program, title="Next day", starts_at=at(3, 9), ends_at=at(3, 10))
    return room


def test_logistics_sheet_lists_rooms_setup_copies_and_visitors(client, director, program, day_plan):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/logistics/2027-03-02/")

    context = response.context
    assert [(row.session.title, row.copies) for row in context["rows"]] == [("Quality", 3)]
    assert context["visitors"] == [
        ("Adams", "Ana", "Learner", "Internal Medicine"),
        ("Alvarez", "Maria", "Faculty", "Keystone"),
        ("Baker", "Ben", "Learner", "Internal Medicine"),
    ]
    assert "Seating for 3; Projector; video conferencing" in response.content.decode()


def test_logistics_pdf_reads_back(client, director, program, day_plan):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/logistics/2027-03-02/?format=pdf")

    text = pdf_text(response.content)
    assert "Logistics: Tuesday, March 2, 2027" in text
    assert "Alvarez, Maria" in text
    assert "Next day" not in text


def test_a_bad_day_is_404(client, director, program):
    client.force_login(director)

    assert client.get(f"/programs/{program.slug}/logistics/someday/").status_code == 404


def test_printable_schedule_and_its_pdf_list_every_session(client, director, program, day_plan):
    client.force_login(director)

    page = client.get(f"/programs/{program.slug}/schedule/print/")
    pdf = client.get(f"/programs/{program.slug}/schedule/print/?format=pdf")

    assert [s.title for s in page.context["sessions"]] == ["Quality", "Next day"]
    text = pdf_text(pdf.content)
    assert "Quality" in text
    assert "Next day" in text
    assert "Maria Alvarez (Lead)" in text


def test_logistics_is_for_this_programs_directors(client, program, learner_user):
    client.force_login(learner_user)

    assert client.get(f"/programs/{program.slug}/logistics/2027-03-02/").status_code == 403


def test_a_public_schedule_shows_published_sessions_to_anyone(client, program):
    program.is_schedule_public = True
    program.save()
    published = SeminarSessionFactory(program=program, status="published", title="Open")
    SeminarSessionFactory(program=program, status="draft", title="Draft")

    response = client.get(f"/schedule/{program.slug}/")

    assert [s.title for s in response.context["sessions"]] == [published.title]


def test_a_schedule_that_is_not_public_is_not_found(client, program):
    SeminarSessionFactory(program=program, status="published")

    assert client.get(f"/schedule/{program.slug}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 10])
def test_public_schedule_uses_a_constant_number_of_queries(
    client, program, rows, django_assert_num_queries
):
    program.is_schedule_public = True
    program.save()
    for _ in range(rows):
        SeminarSessionFactory(program=program, status="published")

    with django_assert_num_queries(2):
        response = client.get(f"/schedule/{program.slug}/")

    assert len(response.context["sessions"]) == rows


def test_logistics_flags_a_room_too_small_for_everyone(client, director, program, day_plan):
    day_plan.capacity = 2
    day_plan.save()
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/logistics/2027-03-02/?format=pdf")

    assert "Over capacity: 3 people for 2 seats." in pdf_words(response.content)


def test_a_roomy_day_has_no_capacity_flag(client, director, program, day_plan):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/logistics/2027-03-02/")

    assert "Over capacity" not in response.content.decode()


def test_the_print_page_in_a_browser_links_the_print_stylesheet(client, director, program):
    client.force_login(director)

    html = client.get(f"/programs/{program.slug}/schedule/print/").content.decode()

    assert '<link rel="stylesheet" href="/static/css/print.css">' in html
    assert "<style" not in html


def test_the_logistics_sheet_is_emailed_to_the_hosts_av_contacts(
    client, director, program, day_plan, mailoutbox, django_capture_on_commit_callbacks
):
    host = day_plan.site.organization
    Contact.objects.create(organization=host, name="Ava", email="ava@keystone.org", av_contact=True)
    Contact.objects.create(organization=host, name="Bill", email="bill@keystone.org")
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/{program.slug}/logistics/2027-03-02/send/")

    (message,) = mailoutbox
    (name, pdf, kind) = message.attachments[0]
    assert response.url == f"/programs/{program.slug}/logistics/2027-03-02/"
    assert (message.to, name, kind) == (
        ["ava@keystone.org"],
        f"logistics-{program.slug}-2027-03-02.pdf",
        "application/pdf",
    )
    assert "Logistics: Tuesday, March 2, 2027" in pdf_text(pdf)


def test_no_av_contact_means_no_logistics_email(
    client, director, program, day_plan, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programs/{program.slug}/logistics/2027-03-02/send/")

    assert mailoutbox == []
