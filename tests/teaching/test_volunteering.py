from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from rotation.models import ProgramPartner, SessionFaculty
from teaching.models import FacultyAvailability, TeachingWithdrawal, VolunteerOffer
from teaching.selectors.volunteering import volunteer_board
from teaching.services import confirm_offer
from tests.factories import (
    EnrollmentFactory,
    ExpertiseAreaFactory,
    FacultyMemberFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    VolunteerOfferFactory,
)
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db


def at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def slots(world):
    """Open and closed slots in the world's program."""
    program = world.program
    quality = TopicFactory(program=program, title="How health plans measure quality")
    payment = TopicFactory(program=program, title="Value-based payment")
    TopicFactory(program=program, title="Formularies")  # no session: a topic slot
    open_quality = SeminarSessionFactory(
        program=program,
        topic=quality,
        title=quality.title,
        status="published",
        starts_at=at(20, 9),
        ends_at=at(20, 10),
        room=world.room,
    )
    open_payment = SeminarSessionFactory(
        program=program,
        topic=payment,
        title=payment.title,
        status="published",
        starts_at=at(21, 13),
        ends_at=at(21, 14),
        room=world.room,
    )
    staffed = SeminarSessionFactory(program=program, title="Staffed", status="published")
    SessionFacultyFactory(session=staffed)
    SeminarSessionFactory(program=program, title="Draft", status="draft")
    SeminarSessionFactory(
        program=program,
        title="Past",
        status="published",
        starts_at=at(-3, 9),
        ends_at=at(-3, 10),
    )
    SeminarSessionFactory(program=world.other_program, title="Elsewhere", status="published")
    return {"quality": open_quality, "payment": open_payment}


def test_board_lists_open_sessions_and_topics_without_sessions(world, slots):
    board = volunteer_board(faculty_member=world.member)

    assert [(slot.title, slot.session is not None) for slot in board] == [
        ("How health plans measure quality", True),
        ("Value-based payment", True),
        ("Formularies", False),
    ]


def test_board_ranks_by_expertise_then_availability(world, slots):
    world.member.expertise.add(ExpertiseAreaFactory(name="Payment", keywords="value-based, risk"))
    FacultyAvailability.objects.create(
        faculty_member=world.member,
        program=world.program,
        day=timezone.localtime(slots["quality"].starts_at).date(),
        choice="unavailable",
    )
    FacultyAvailability.objects.create(
        faculty_member=world.member,
        program=world.program,
        day=timezone.localtime(slots["payment"].starts_at).date(),
        choice="afternoon",
    )

    board = volunteer_board(faculty_member=world.member)

    assert [(s.title, s.matched_expertise, s.availability, s.score) for s in board] == [
        ("Value-based payment", ["Payment"], "available", 3),
        ("Formularies", [], "no date yet", 0),
        ("How health plans measure quality", [], "unavailable", -3),
    ]


def test_a_co_faculty_decline_reopens_a_session(world, slots):
    declined = SessionFacultyFactory(session=slots["quality"], confirmation="declined")

    titles = [slot.title for slot in volunteer_board(faculty_member=world.member)]

    assert declined.confirmation == "declined"
    assert "How health plans measure quality" in titles


@pytest.mark.parametrize("rows", [1, 10])
def test_volunteer_board_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    world.member.expertise.add(ExpertiseAreaFactory(name="Quality"))
    for number in range(rows):
        session = SeminarSessionFactory(program=world.program, status="published", room=world.room)
        VolunteerOfferFactory(faculty_member=world.member, session=session) if number % 2 else None
    client.force_login(world.faculty_user)

    with django_assert_num_queries(8):
        response = client.get("/teaching/volunteer/")

    assert len(response.context["slots"]) == rows


def test_faculty_member_volunteers_with_a_note(client, world, slots):
    client.force_login(world.faculty_user)

    response = client.post(
        f"/teaching/volunteer/session/{slots['quality'].pk}/", {"note": "I run our HEDIS team."}
    )
    client.get(response.url)  # shows, and so consumes, the thank-you message
    again = client.post(f"/teaching/volunteer/session/{slots['quality'].pk}/", follow=True)

    offer = VolunteerOffer.objects.get()
    assert response.url == "/teaching/volunteer/"
    assert (offer.faculty_member, offer.program, offer.note, offer.status) == (
        world.member,
        world.program,
        "I run our HEDIS team.",
        "offered",
    )
    assert [str(m) for m in again.context["messages"]] == ["You have already volunteered for this."]


def test_the_programs_directors_are_told_of_a_new_offer(
    client, world, slots, django_capture_on_commit_callbacks
):
    client.force_login(world.faculty_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/teaching/volunteer/session/{slots['quality'].pk}/", {"note": "HEDIS lead."})

    [message] = mail.outbox
    assert (message.to, message.subject) == (
        ["director@riverside.example.org"],
        "[Mini-Rotation] Maria Alvarez volunteers to teach “How health plans measure quality”",
    )
    assert "Their note: HEDIS lead." in message.body
    assert "http://127.0.0.1:8000/programs/concentrated-2026/volunteers/" in message.body


def test_faculty_member_volunteers_for_a_topic(client, world, slots):
    topic = world.program.topics.get(title="Formularies")
    client.force_login(world.faculty_user)

    client.post(f"/teaching/volunteer/topic/{topic.pk}/", {"note": ""})

    assert list(VolunteerOffer.objects.values_list("topic__title", "session")) == [
        ("Formularies", None)
    ]


def test_volunteering_outside_ones_programs_or_for_a_past_session_is_refused(client, world, slots):
    elsewhere = SeminarSessionFactory(program=world.other_program, status="published")
    past = world.program.sessions.get(title="Past")
    client.force_login(world.faculty_user)

    foreign = client.post(f"/teaching/volunteer/session/{elsewhere.pk}/", follow=True)
    late = client.post(f"/teaching/volunteer/session/{past.pk}/", follow=True)
    bad_kind = client.post(f"/teaching/volunteer/room/{past.pk}/")

    assert [str(m) for m in foreign.context["messages"]] == [
        "Your organization does not take part in this program."
    ]
    assert [str(m) for m in late.context["messages"]] == [
        "This session is no longer open to volunteers."
    ]
    assert bad_kind.status_code == 404
    assert VolunteerOffer.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("liaison", 403),
        ("faculty_user", 403),
        ("other_director", 404),
        ("director", 200),
        ("staff", 200),
    ],
)
def test_volunteers_page_is_for_the_programs_directors(client, world, role, expected):
    assert status_for(client, world, role, "/programs/concentrated-2026/volunteers/") == expected


def test_other_directors_cannot_decide_offers(client, world, slots):
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])

    status = status_for(
        client,
        world,
        "other_director",
        f"/programs/concentrated-2026/volunteers/{offer.pk}/confirm/",
        "post",
    )

    offer.refresh_from_db()
    assert (status, offer.status) == (404, "offered")


def decide(client, world, offer, decision, capture, note=""):
    client.force_login(world.director)
    with capture(execute=True):
        return client.post(
            f"/programs/concentrated-2026/volunteers/{offer.pk}/{decision}/",
            {"note": note},
            follow=True,
        )


def test_confirming_places_the_volunteer_on_the_session_and_emails_them(
    client, world, slots, django_capture_on_commit_callbacks
):
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])

    response = decide(client, world, offer, "confirm", django_capture_on_commit_callbacks)

    offer.refresh_from_db()
    assignment = SessionFaculty.objects.get(session=slots["quality"])
    assert [str(m) for m in response.context["messages"]] == [
        "Maria Alvarez is confirmed; they will get an email."
    ]
    assert (offer.status, offer.decided_by) == ("confirmed", world.director)
    assert (assignment.faculty_member, assignment.role, assignment.confirmation) == (
        world.member,
        "lead",
        "confirmed",
    )
    assert (assignment.starts_at, assignment.ends_at) == (
        slots["quality"].starts_at,
        slots["quality"].ends_at,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["maria@keystone.example.org"], "[Mini-Rotation] Your offer to teach was confirmed")
    ]


def test_a_second_volunteer_joins_as_panelist(world, slots):
    first = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])
    colleague = FacultyMemberFactory(organization=world.organization)
    second = VolunteerOfferFactory(faculty_member=colleague, session=slots["quality"])

    confirm_offer(offer=first, decided_by=world.director)
    confirm_offer(offer=second, decided_by=world.director)

    assert list(
        SessionFaculty.objects.filter(session=slots["quality"])
        .order_by("role")
        .values_list("faculty_member", "role", "confirmation")
    ) == [(world.member.pk, "lead", "confirmed"), (colleague.pk, "panelist", "confirmed")]


def test_confirming_a_volunteer_who_teaches_elsewhere_then_is_refused(
    client, world, slots, django_capture_on_commit_callbacks
):
    clash = SeminarSessionFactory(
        program=world.other_program,
        title="Elsewhere at nine",
        status="published",
        starts_at=slots["quality"].starts_at,
        ends_at=slots["quality"].ends_at,
    )
    SessionFacultyFactory(session=clash, faculty_member=world.member, confirmation="confirmed")
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])

    response = decide(client, world, offer, "confirm", django_capture_on_commit_callbacks)

    offer.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("Maria Alvarez already teaches at that time: “Elsewhere at nine”")
    assert offer.status == "offered"
    assert SessionFaculty.objects.filter(session=slots["quality"]).count() == 0
    assert mail.outbox == []


def test_an_offer_for_a_cancelled_session_cannot_be_confirmed(world, slots):
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])
    slots["quality"].status = "cancelled"
    slots["quality"].save()

    with pytest.raises(ValidationError, match="The session was cancelled"):
        confirm_offer(offer=offer, decided_by=world.director)

    offer.refresh_from_db()
    assert offer.status == "offered"
    assert SessionFaculty.objects.filter(session=slots["quality"]).count() == 0


def test_declining_emails_the_volunteer_with_the_reason(
    client, world, slots, django_capture_on_commit_callbacks
):
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])

    decide(client, world, offer, "decline", django_capture_on_commit_callbacks, "Already covered.")
    again = decide(client, world, offer, "confirm", django_capture_on_commit_callbacks)

    offer.refresh_from_db()
    assert (offer.status, offer.decision_note) == ("declined", "Already covered.")
    assert SessionFaculty.objects.filter(session=slots["quality"]).count() == 0
    assert mail.outbox[0].subject == "[Mini-Rotation] Your offer to teach was declined"
    assert "The course director wrote: Already covered." in mail.outbox[0].body
    assert [str(m) for m in again.context["messages"]] == ["This offer has already been decided."]


def test_confirmed_session_shows_on_my_teaching_with_room_co_faculty_and_learners(
    client, world, slots
):
    offer = VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])
    confirm_offer(offer=offer, decided_by=world.director)
    colleague = FacultyMemberFactory(
        first_name="Tom", last_name="Becker", organization=world.organization
    )
    SessionFacultyFactory(session=slots["quality"], faculty_member=colleague, role="panelist")
    for _ in range(3):
        EnrollmentFactory(program=world.program)
    EnrollmentFactory(program=world.program, status="withdrawn")
    client.force_login(world.faculty_user)

    response = client.get("/teaching/")

    [session] = response.context["sessions"]
    page = response.content.decode()
    assert session.title == "How health plans measure quality"
    assert [m.full_name for m in session.co_faculty] == ["Tom Becker"]
    assert session.learners_expected == 3
    assert session.can_withdraw is True
    assert "1200 Market St" in page
    assert "Boardroom A, Keystone Health Plan" in page
    assert 'href="/calendar/">your calendar feed</a>' in page
    assert 'href="/teaching/feedback/">the learners\' feedback on your sessions</a>' in page


def test_a_co_faculty_decline_does_not_hide_the_session_from_my_teaching(client, world, slots):
    SessionFacultyFactory(
        session=slots["quality"], faculty_member=world.member, confirmation="confirmed"
    )
    SessionFacultyFactory(session=slots["quality"], confirmation="declined", role="panelist")
    client.force_login(world.faculty_user)

    response = client.get("/teaching/")

    assert [s.title for s in response.context["sessions"]] == ["How health plans measure quality"]


@pytest.mark.parametrize("rows", [1, 10])
def test_my_teaching_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows):
        session = SeminarSessionFactory(program=world.program, status="published", room=world.room)
        SessionFacultyFactory(
            session=session, faculty_member=world.member, confirmation="confirmed"
        )
        SessionFacultyFactory(session=session, role="panelist")
    client.force_login(world.faculty_user)

    with django_assert_num_queries(6):  # 5 + the open faculty surveys
        response = client.get("/teaching/")

    assert len(response.context["sessions"]) == rows


# --- Withdrawal ---------------------------------------------------------------------------------


@pytest.fixture
def confirmed(world, slots):
    return SessionFacultyFactory(
        session=slots["quality"], faculty_member=world.member, confirmation="confirmed"
    )


def test_withdrawing_before_the_deadline_frees_the_slot_and_tells_the_director(
    client, world, slots, confirmed, django_capture_on_commit_callbacks
):
    offer = VolunteerOfferFactory(
        faculty_member=world.member, session=slots["quality"], status="confirmed"
    )
    client.force_login(world.faculty_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/teaching/sessions/{slots['quality'].pk}/withdraw/",
            {"reason": "Board meeting moved."},
        )

    confirmed.refresh_from_db()
    offer.refresh_from_db()
    assert response.url == "/teaching/"
    assert (confirmed.confirmation, offer.status) == ("declined", "withdrawn")
    assert TeachingWithdrawal.objects.get().reason == "Board meeting moved."
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["director@riverside.example.org"],
            "[Mini-Rotation] Maria Alvarez withdrew from “How health plans measure quality”",
        )
    ]
    assert "Reason: Board meeting moved." in mail.outbox[0].body
    colleague = FacultyMemberFactory(organization=world.organization)
    assert "How health plans measure quality" in [
        slot.title for slot in volunteer_board(faculty_member=colleague)
    ]


def test_withdrawing_needs_a_reason(client, world, slots, confirmed):
    client.force_login(world.faculty_user)

    response = client.post(f"/teaching/sessions/{slots['quality'].pk}/withdraw/", {"reason": " "})

    confirmed.refresh_from_db()
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert confirmed.confirmation == "confirmed"


def test_withdrawing_after_the_deadline_is_refused(client, world, slots, confirmed):
    with time_machine.travel(slots["quality"].starts_at - timedelta(days=6)):
        client.force_login(world.faculty_user)  # a session made now would expire by then
        response = client.post(
            f"/teaching/sessions/{slots['quality'].pk}/withdraw/", {"reason": "Sick."}
        )

    confirmed.refresh_from_db()
    deadline = timezone.localtime(slots["quality"].starts_at - timedelta(days=7))
    assert response.context["form"].errors == {
        "__all__": [
            f"The deadline to withdraw was {deadline:%a} {deadline.day} {deadline:%b %Y, %H:%M}; "
            "please contact the course director."
        ]
    }
    assert confirmed.confirmation == "confirmed"
    assert TeachingWithdrawal.objects.count() == 0


def test_one_cannot_withdraw_from_someone_elses_session(client, world, slots, confirmed):
    client.force_login(world.other_faculty_user)

    response = client.post(f"/teaching/sessions/{slots['quality'].pk}/withdraw/", {"reason": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("liaison", 403),
        ("faculty_user", 403),
        ("director", 200),
    ],
)
def test_director_overview_is_for_directors(client, world, role, expected):
    assert status_for(client, world, role, "/volunteers/") == expected


def test_director_overview_counts_waiting_offers_and_links_partners(client, world, slots):
    VolunteerOfferFactory(faculty_member=world.member, session=slots["quality"])
    VolunteerOfferFactory(faculty_member=world.member, session=slots["payment"], status="declined")
    client.force_login(world.director)

    response = client.get("/volunteers/")

    [program] = response.context["programs"]
    assert (program.slug, program.waiting_offers) == ("concentrated-2026", 1)
    assert [p.organization.name for p in program.partnerships.all()] == ["Keystone Health Plan"]
    assert 'href="/partners/keystone/"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_director_overview_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        program = ProgramFactory(directors=[world.director])
        ProgramPartner.objects.create(
            program=program, organization=world.organization, role="content"
        )
    client.force_login(world.director)

    with django_assert_num_queries(4):
        response = client.get("/volunteers/")

    assert len(response.context["programs"]) == rows


def test_volunteering_through_htmx_updates_the_row_in_place(client, world, slots):
    client.force_login(world.faculty_user)
    url = f"/teaching/volunteer/session/{slots['quality'].pk}/"

    response = client.post(url, {"note": "HEDIS lead."}, headers={"HX-Request": "true"})
    again = client.post(url, {"note": ""}, headers={"HX-Request": "true"})

    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="slot-session-{slots["quality"].pk}">')
    assert "Thank you! The course director will answer your offer" in row
    assert "Awaiting the director" in row
    assert "You have already volunteered for this." in again.content.decode()
    assert VolunteerOffer.objects.count() == 1


def test_my_teaching_leads_with_what_comes_next_and_folds_what_was_taught(client, world):
    now = timezone.now()

    def taught(title, days):
        session = SeminarSessionFactory(
            program=world.program,
            title=title,
            status="published",
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=1),
        )
        SessionFacultyFactory(
            session=session, faculty_member=world.member, confirmation="confirmed"
        )

    for title, days in [("Long ago", -400), ("Next month", 30), ("Last week", -7), ("Tomorrow", 1)]:
        taught(title, days)
    client.force_login(world.faculty_user)

    response = client.get("/teaching/")

    assert [s.title for s in response.context["upcoming"]] == ["Tomorrow", "Next month"]
    assert [s.title for s in response.context["past"]] == ["Last week", "Long ago"]
    page = response.content.decode()
    upcoming, taught_table = page.split('<details class="past-sessions">')
    assert "<caption>Sessions you teach</caption>" in upcoming
    assert "Tomorrow" in upcoming
    assert "Last week" not in upcoming
    assert "Sessions you taught (2), latest first</summary>" in taught_table
    assert taught_table.index("Last week") < taught_table.index("Long ago")


def test_my_teaching_with_only_past_sessions_says_nothing_is_coming(client, world):
    session = SeminarSessionFactory(
        program=world.program,
        status="published",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
    )
    SessionFacultyFactory(session=session, faculty_member=world.member, confirmation="confirmed")
    client.force_login(world.faculty_user)

    page = client.get("/teaching/").content.decode()

    assert "You have no upcoming session." in page
    assert '<details class="past-sessions" open>' in page  # nothing else to show: unfolded
    assert "Sessions you taught (1), latest first" in page
