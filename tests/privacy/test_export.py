"""A learner's "My data" export: everything of theirs, exactly, in a constant number of queries;
the learner downloads their own, site staff anyone's, nobody else any."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from assessments.models import (
    Administration,
    Answer,
    ComparisonMember,
    CourseEvaluation,
    FacultyRating,
    Notification,
    Response,
    SessionEvaluation,
)
from privacy.selectors import learner_record
from rotation.models import Attendance, ExcusalLetter
from rotation.services.feeds import calendar_feed_for
from tests.assessments.factories import build_instrument
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    TopicFactory,
    UserFactory,
)

NOW = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 in New York (EST, UTC-5)
SESSION_START = datetime(2026, 10, 20, 13, 0, tzinfo=UTC)


def at(days: int) -> datetime:
    return NOW - timedelta(days=days)


def answer_all(response, instrument, *, correct: bool) -> None:
    knowledge, attitude, free = instrument.items.order_by("position")
    choice = knowledge.choices.filter(is_correct=correct).order_by("position").first()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                item=knowledge,
                choice=choice,
                score=int(correct),
                is_correct=correct,
                answered_at=at(10),
            ),
            Answer(response=response, item=attitude, value=4, score=2, answered_at=at(10)),
            Answer(response=response, item=free, text="Partners matter.", answered_at=at(10)),
        ]
    )


def respond(instrument, learner, *, correct: bool = False) -> Response:
    administration = Administration.objects.create(
        instrument=instrument, kind="pre", opens_at=at(12), closes_at=at(8)
    )
    response = Response.objects.create(
        administration=administration,
        learner=learner,
        status="submitted",
        started_at=at(10),
        updated_at=at(10),
        submitted_at=at(10),
        knowledge_correct=int(correct),
        knowledge_total=1,
    )
    answer_all(response, instrument, correct=correct)
    return response


def evaluate(session, learner, faculty_member) -> None:
    evaluation = SessionEvaluation.objects.create(
        session=session,
        learner=learner,
        overall=5,
        relevance=4,
        changed_view=3,
        comment="Eye-opening.",
        submitted_at=at(5),
    )
    FacultyRating.objects.create(
        evaluation=evaluation, faculty_member=faculty_member, effectiveness=5
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(db, frozen):
    """One resident with something of every kind in her record."""
    user = UserFactory(email="ana.ruiz@hospital.example.org", first_name="Ana", last_name="Ruiz")
    learner = LearnerFactory(
        user=user,
        first_name="Ana",
        last_name="Ruiz",
        email="ana.ruiz@hospital.example.org",
        external_id="MH-1001",
        residency_program="Family Medicine",
        pgy_level=2,
        program_director_name="Dr. Morgan Lee",
        program_director_email="pd@hospital.example.org",
    )
    program = ProgramFactory(name="Systems 2026", academic_year="2026-2027")
    enrollment = EnrollmentFactory(program=program, learner=learner, enrolled_at=at(60))
    room = MeetingRoomFactory(name="Room A", site__name="Main", site__address="1 Main Street")
    session = SeminarSessionFactory(
        program=program,
        title="Health plans",
        topic=TopicFactory(program=program, title="Payment"),
        status="published",
        starts_at=SESSION_START,
        ends_at=SESSION_START + timedelta(hours=2),
        room=room,
    )
    SeminarSessionFactory(program=program, title="A draft nobody sees", status="draft")
    Attendance.objects.create(session=session, learner=learner, status="present")
    ExcusalLetter.objects.create(
        enrollment=enrollment, status="sent", sent_at=at(30), sent_to="pd@hospital.example.org"
    )
    instrument = build_instrument(program, knowledge=1, attitude=1, free_text=1)
    response = respond(instrument, learner)
    Notification.objects.create(
        administration=response.administration, learner=learner, key="invitation", sent_at=at(12)
    )
    evaluate(session, learner, FacultyMemberFactory(first_name="Ada", last_name="Alvarez"))
    CourseEvaluation.objects.create(
        program=program,
        learner=learner,
        overall=4,
        most_valuable="The site visit.",
        least_valuable="",
        topics_to_add="Pharmacy benefits",
        submitted_at=at(4),
    )
    calendar_feed_for(user=user)
    ComparisonMember.objects.create(
        program=ProgramFactory(name="Systems 2025", academic_year="2025-2026"),
        learner=learner,
        added_at=at(400),
    )
    other = LearnerFactory()  # someone else's answers never appear
    EnrollmentFactory(program=program, learner=other)
    respond(build_instrument(program, knowledge=1, attitude=1, free_text=1), other)
    return learner


def test_the_export_holds_exactly_the_learners_record(ana):
    record = learner_record(learner_id=ana.pk)

    token = ana.user.calendar_feed.token
    assert record == {
        "exported_at": "2026-11-02T09:00:00-05:00",
        "profile": {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "ana.ruiz@hospital.example.org",
            "external_id": "MH-1001",
            "kind": "resident",
            "residency_program": "Family Medicine",
            "pgy_level": 2,
            "clerkship_year": None,
            "program_director_name": "Dr. Morgan Lee",
            "program_director_email": "pd@hospital.example.org",
            "created_at": "2026-11-02T09:00:00-05:00",
            "account": {
                "email": "ana.ruiz@hospital.example.org",
                "first_name": "Ana",
                "last_name": "Ruiz",
                "date_joined": "2026-11-02T09:00:00-05:00",
                "last_login": None,
            },
        },
        "enrollments": [
            {
                "program": "Systems 2026",
                "academic_year": "2026-2027",
                "status": "enrolled",
                "enrolled_at": "2026-09-03T10:00:00-04:00",
            }
        ],
        "schedule": [
            {
                "program": "Systems 2026",
                "title": "Health plans",
                "topic": "Payment",
                "starts_at": "2026-10-20T09:00:00-04:00",
                "ends_at": "2026-10-20T11:00:00-04:00",
                "room": "Room A (Main)",
                "address": "1 Main Street",
            }
        ],
        "attendance": [
            {
                "program": "Systems 2026",
                "session": "Health plans",
                "starts_at": "2026-10-20T09:00:00-04:00",
                "status": "present",
            }
        ],
        "excusal_letters": [
            {
                "program": "Systems 2026",
                "status": "sent",
                "sent_at": "2026-10-03T10:00:00-04:00",
                "sent_to": "pd@hospital.example.org",
            }
        ],
        "assessment_responses": [
            {
                "program": "Systems 2026",
                "instrument": "Systems-Based Practice",
                "administration": "pre",
                "status": "submitted",
                "submitted_at": "2026-10-23T10:00:00-04:00",
                "knowledge_correct": 0,
                "knowledge_total": 1,
                "answers": [
                    {
                        "item": "Knowledge question 1",
                        "kind": "knowledge",
                        "is_retrospective": False,
                        "answer": "Option 1",
                        "value": None,
                        "is_correct": False,
                        "answered_at": "2026-10-23T10:00:00-04:00",
                    },
                    {
                        "item": "Attitude statement 1",
                        "kind": "attitude",
                        "is_retrospective": False,
                        "answer": "Agree",
                        "value": 4,
                        "is_correct": None,
                        "answered_at": "2026-10-23T10:00:00-04:00",
                    },
                    {
                        "item": "Free text 1",
                        "kind": "free_text",
                        "is_retrospective": False,
                        "answer": "Partners matter.",
                        "value": None,
                        "is_correct": None,
                        "answered_at": "2026-10-23T10:00:00-04:00",
                    },
                ],
            }
        ],
        "session_evaluations": [
            {
                "program": "Systems 2026",
                "session": "Health plans",
                "overall": 5,
                "relevance": 4,
                "changed_view": 3,
                "comment": "Eye-opening.",
                "faculty_ratings": [{"faculty_member": "Ada Alvarez", "effectiveness": 5}],
                "submitted_at": "2026-10-28T10:00:00-04:00",
            }
        ],
        "course_evaluations": [
            {
                "program": "Systems 2026",
                "overall": 4,
                "most_valuable": "The site visit.",
                "least_valuable": "",
                "topics_to_add": "Pharmacy benefits",
                "submitted_at": "2026-10-29T10:00:00-04:00",
            }
        ],
        "calendar_feed": {
            "url": f"http://127.0.0.1:8000/calendar/{token}.ics",
            "created_at": "2026-11-02T09:00:00-05:00",
        },
        "planning_teams": [],
        "planning_proposals": [],
        "planning_comments": [],
        "planning_endorsements": [],
        "advisory_meetings": [],
        "advisory_actions": [],
        "notifications": [
            {
                "assessment": "Systems-Based Practice",
                "administration": "pre",
                "kind": "invitation",
                "sent_at": "2026-10-21T10:00:00-04:00",
            }
        ],
        "deletion_requests": [],
        "demographics": [],
        "comparison_groups": [
            {
                "program": "Systems 2025",
                "academic_year": "2025-2026",
                "added_at": "2025-09-28T10:00:00-04:00",
                "joined_through": "added by a course director",
            }
        ],
    }


def test_the_learner_downloads_their_own_record_as_json(client, ana):
    client.force_login(ana.user)

    response = client.get(reverse("privacy:my_data_export"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="mini-rotation-learner-{ana.pk}.json"'
    )
    assert json.loads(response.content) == learner_record(learner_id=ana.pk)


def test_staff_produce_the_same_export_for_a_learner(client, ana):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("privacy:learner_export", args=[ana.pk]))

    assert json.loads(response.content) == learner_record(learner_id=ana.pk)


@pytest.mark.parametrize("who", ["other resident", "director", "faculty"])
def test_nobody_else_gets_a_learners_export(client, ana, who, faculty_user, director):
    user = {
        "other resident": LearnerFactory(user=UserFactory()).user,
        "director": director,
        "faculty": faculty_user,
    }[who]
    client.force_login(user)

    staff_export = client.get(reverse("privacy:learner_export", args=[ana.pk]))
    own_export = client.get(reverse("privacy:my_data_export"))

    assert staff_export.status_code == 403
    assert own_export.status_code == (200 if who == "other resident" else 403)
    if who == "other resident":
        assert json.loads(own_export.content)["profile"]["email"] != ana.email


def test_anonymous_users_are_sent_to_sign_in(client, ana):
    response = client.get(reverse("privacy:my_data_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("size", [1, 5])
def test_the_export_takes_the_same_queries_whatever_its_size(
    db, frozen, size, django_assert_num_queries
):
    learner = LearnerFactory(user=UserFactory())
    calendar_feed_for(user=learner.user)
    faculty_member = FacultyMemberFactory()
    for number in range(size):
        program = ProgramFactory()
        enrollment = EnrollmentFactory(program=program, learner=learner)
        ExcusalLetter.objects.create(enrollment=enrollment, status="sent", sent_at=at(30))
        session = SeminarSessionFactory(program=program, status="published")
        Attendance.objects.create(session=session, learner=learner, status="present")
        instrument = build_instrument(program, knowledge=1, attitude=1, free_text=1)
        response = respond(instrument, learner, correct=number % 2 == 0)
        Notification.objects.create(
            administration=response.administration, learner=learner, key="invitation", sent_at=NOW
        )
        evaluate(session, learner, faculty_member)
        CourseEvaluation.objects.create(
            program=program, learner=learner, overall=4, submitted_at=NOW
        )
        ComparisonMember.objects.create(program=ProgramFactory(), learner=learner, added_at=NOW)

    with django_assert_num_queries(19):
        record = learner_record(learner_id=learner.pk)

    counted = ("assessment_responses", "session_evaluations", "comparison_groups")
    assert [len(record[key]) for key in counted] == [size, size, size]


def test_my_rotation_links_to_my_data_and_the_page_offers_both(client, ana):
    client.force_login(ana.user)

    rotation = client.get(reverse("rotation:my_rotation")).content.decode()
    page = client.get(reverse("privacy:my_data")).content.decode()

    assert f'<a href="{reverse("privacy:my_data")}">My data</a>' in rotation
    assert f'href="{reverse("privacy:my_data_export")}"' in page
    assert f'action="{reverse("privacy:request_deletion")}"' in page
