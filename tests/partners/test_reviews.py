"""Quarterly partnership reviews (reports/scorecard.py, reports/services.py): the scorecard
filled from the data, frozen when recorded, the next review and its reminder."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.models import SessionEvaluation
from audit.models import AuditEvent
from partners.models import Agreement
from reports.models import PartnershipReview
from reports.scorecard import add_months
from reports.services import send_review_reminders
from rotation.models import Enrollment
from tests.factories import LearnerFactory, OrganizationFactory
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world, taught):
    """The taught program ran in the last quarter; Keystone has a signed agreement."""
    today = timezone.localdate()
    taught.start_date, taught.end_date = today - timedelta(days=12), today - timedelta(days=8)
    taught.save()
    Agreement.objects.create(
        organization=world.organization,
        sponsor=OrganizationFactory(kind="academic_sponsor"),
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=165),
        signed_on=today - timedelta(days=210),
    )
    return PartnershipReview.objects.create(organization=world.organization, held_on=today)


def evaluate(program, count: int, overall: int = 4) -> None:
    session = program.sessions.get(title="Measuring quality")
    learners = [e.learner for e in Enrollment.objects.filter(program=program, status="enrolled")]
    while len(learners) < count:
        learner = LearnerFactory()
        Enrollment.objects.create(program=program, learner=learner)
        learners.append(learner)
    for learner in learners[:count]:
        SessionEvaluation.objects.update_or_create(
            session=session,
            learner=learner,
            defaults={
                "overall": overall,
                "relevance": 4,
                "changed_view": 4,
                "submitted_at": timezone.now(),
            },
        )


def card_of(client, world, review) -> dict:
    client.force_login(world.director)
    return client.get(f"/partners/keystone/reviews/{review.pk}/").context["card"]


def test_scorecard_is_filled_from_the_data_and_ratings_need_five_evaluations(
    client, world, taught, reviewed
):
    evaluate(taught, 4, overall=5)
    four = card_of(client, world, reviewed)
    evaluate(taught, 5, overall=3)
    five = card_of(client, world, reviewed)

    figures = {
        key: four[key]
        for key in [
            "sessions_taught",
            "sessions_hosted",
            "teaching_hours",
            "room_days",
            "learners_reached",
            "evaluations",
            "overall_rating",
            "open_actions",
            "agreement_status",
        ]
    }
    assert figures == {
        "sessions_taught": 2,
        "sessions_hosted": 3,
        "teaching_hours": 5.5,
        "room_days": 2,
        "learners_reached": 4,
        "evaluations": 4,
        "overall_rating": None,
        "open_actions": 0,
        "agreement_status": "Active",
    }
    assert four["programs"] == [taught.name]
    assert (five["evaluations"], five["overall_rating"]) == (5, 3.0)


def test_recording_freezes_the_scorecard_and_schedules_the_next_review(
    client, world, taught, reviewed
):
    evaluate(taught, 5, overall=4)
    client.force_login(world.director)

    form = client.get(f"/partners/keystone/reviews/{reviewed.pk}/")
    response = client.post(
        f"/partners/keystone/reviews/{reviewed.pk}/",
        {
            "notes": "Rooms worked well.",
            "decisions": "Add a pharmacy session.",
            "next_review_on": form.context["form"].initial["next_review_on"].isoformat(),
        },
    )
    evaluate(taught, 5, overall=1)  # later answers do not change a recorded review
    card = card_of(client, world, reviewed)

    reviewed.refresh_from_db()
    upcoming = PartnershipReview.objects.exclude(pk=reviewed.pk).get()
    assert response.status_code == 302
    assert (reviewed.notes, reviewed.decisions, reviewed.recorded_by) == (
        "Rooms worked well.",
        "Add a pharmacy session.",
        world.director,
    )
    assert card["overall_rating"] == 4.0
    assert reviewed.scorecard == card
    assert upcoming.held_on == add_months(reviewed.held_on, 3)
    assert upcoming.recorded_at is None
    assert AuditEvent.objects.filter(action="review.recorded").count() == 1


def test_a_review_is_recorded_once_and_the_next_date_must_come_later(
    client, world, taught, reviewed
):
    client.force_login(world.director)
    url = f"/partners/keystone/reviews/{reviewed.pk}/"

    early = client.post(url, {"next_review_on": reviewed.held_on.isoformat()})
    client.post(url, {"notes": "First"})
    again = client.post(url, {"notes": "Second"})

    reviewed.refresh_from_db()
    assert early.context["form"].non_field_errors() == ["The next review must come after this one."]
    assert again.context["form"].non_field_errors() == ["This review was already recorded."]
    assert reviewed.notes == "First"
    assert PartnershipReview.objects.count() == 1


def test_liaison_reads_reviews_and_only_directors_schedule_or_record_them(
    client, world, taught, reviewed
):
    url = f"/partners/keystone/reviews/{reviewed.pk}/"

    codes = [
        status_for(client, world, "liaison", url),
        status_for(client, world, "liaison", url, "post", {"notes": "x"}),
        status_for(client, world, "liaison", "/partners/keystone/reviews/", "post"),
        status_for(client, world, "other_liaison", url),
        status_for(client, world, "learner", url),
    ]

    assert codes == [200, 403, 403, 404, 403]


def test_director_schedules_a_review_and_a_second_on_the_same_day_is_refused(client, world):
    client.force_login(world.director)

    first = client.post("/partners/keystone/reviews/", {"held_on": "2027-01-15"})
    second = client.post("/partners/keystone/reviews/", {"held_on": "2027-01-15"})

    review = PartnershipReview.objects.get()
    assert first.url == f"/partners/keystone/reviews/{review.pk}/"
    assert review.held_on == date(2027, 1, 15)
    assert second.context["form"].errors == {
        "held_on": ["A review of this partnership is already set for that day."]
    }


def test_a_coming_review_is_reminded_once(world, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    PartnershipReview.objects.create(organization=world.organization, held_on=today + timedelta(5))
    PartnershipReview.objects.create(organization=world.organization, held_on=today + timedelta(9))

    with django_capture_on_commit_callbacks(execute=True):
        first = send_review_reminders(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        second = send_review_reminders(today=today)

    assert (first, second) == (1, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.liaison.email, world.director.email]
    )
    assert "Partnership review with Keystone Health Plan" in mailoutbox[0].subject


@pytest.mark.parametrize("rows", [1, 5])
def test_review_list_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for index in range(rows):
        PartnershipReview.objects.create(
            organization=world.organization,
            held_on=date(2026, 1, 1) + timedelta(days=90 * index),
            recorded_at=timezone.now(),
            recorded_by=world.director,
        )
    client.force_login(world.director)

    with django_assert_num_queries(7):
        response = client.get("/partners/keystone/reviews/")

    assert len(response.context["reviews"]) == rows


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert [add_months(date(2026, 11, 30), 3), add_months(date(2026, 1, 15), -3)] == [
        date(2027, 2, 28),
        date(2025, 10, 15),
    ]
