"""Finding 2: with the broker down, a page that starts background work answers at once, says
what will happen, and the work is done once the queue is back (the outbox keeps it)."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.models import Job
from partners.models import FacultyInvitation
from reports import services as report_services
from reports.models import ReportRun
from tests.factories import FacultyMemberFactory
from tests.outbox.broker import DEAD_BROKER, celery_broker

# Real commits: the relay runs when the view's transaction commits, before the page answers.
pytestmark = pytest.mark.django_db(transaction=True)

LEARNER = {
    "email": "cy@hospital.example.org",
    "first_name": "Cy",
    "last_name": "Cruz",
    "residency_program": "Psychiatry",
    "pgy_level": "3",
    "program_director_name": "Dr. A",
    "program_director_email": "pd@hospital.example.org",
}


@pytest.fixture
def prospect(liaison):
    organization = liaison.liaison_organizations.get()
    return FacultyMemberFactory(organization=organization, email="tom@partner.example.org")


def post_during_outage(client, url, data):
    with celery_broker(DEAD_BROKER):
        started = time.monotonic()
        response = client.post(url, data, follow=True)
    return response, time.monotonic() - started


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def relay_when_the_queue_is_back() -> int:
    return services.relay_pending(now=timezone.now() + timedelta(minutes=1))


def test_adding_a_learner_answers_at_once_and_invites_them_when_the_queue_is_back(
    client, director, program, eager_celery
):
    client.force_login(director)

    response, seconds = post_during_outage(
        client,
        f"/programs/{program.slug}/learners/add/",
        LEARNER,
    )

    assert seconds < 3
    assert (response.status_code, messages_of(response)) == (
        200,
        [
            "Enrolled Cy Cruz.",
            "The invitation will be sent as soon as the mail queue is back.",
        ],
    )
    assert (Job.objects.get().status, mail.outbox) == ("pending", [])

    assert relay_when_the_queue_is_back() == 1
    assert [message.to for message in mail.outbox] == [["cy@hospital.example.org"]]
    assert Job.objects.get().status == "done"


def test_requesting_a_report_answers_at_once_and_renders_when_the_queue_is_back(
    client, director, program, eager_celery, monkeypatch
):
    monkeypatch.setitem(
        report_services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, lambda run, progress: b"%PDF"
    )
    client.force_login(director)

    response, seconds = post_during_outage(client, f"/programs/{program.slug}/reports/", {})

    assert seconds < 3
    assert messages_of(response)[-1] == (
        "The report will be prepared as soon as the background queue is back."
    )
    run = ReportRun.objects.get()
    assert (run.status, Job.objects.get().status) == ("queued", "pending")

    relay_when_the_queue_is_back()
    run.refresh_from_db()
    assert (run.status, run.progress) == ("done", 100)


def test_a_new_invitation_made_during_an_outage_replaces_the_earlier_one_once_it_is_sent(
    client, liaison, prospect, eager_celery
):
    client.force_login(liaison)
    url = f"/partners/{prospect.organization.slug}/faculty/{prospect.pk}/invite/"
    client.post(url)
    earlier = FacultyInvitation.objects.get()

    response, seconds = post_during_outage(client, url, {})

    assert seconds < 3
    assert messages_of(response)[-1] == (
        "The invitation will be sent as soon as the mail queue is back."
    )
    # The earlier link stops working now, and the new one is a committed job: it is not lost.
    earlier.refresh_from_db()
    newer = FacultyInvitation.objects.exclude(pk=earlier.pk).get()
    assert (earlier.revoked_at is not None, newer.revoked_at, len(mail.outbox)) == (True, None, 1)
    assert list(Job.objects.order_by("pk").values_list("status", "kwargs")) == [
        ("done", {"invitation_id": earlier.pk, "base_url": "http://testserver/"}),
        ("pending", {"invitation_id": newer.pk, "base_url": "http://testserver/"}),
    ]

    relay_when_the_queue_is_back()
    assert [message.to for message in mail.outbox] == [[prospect.email], [prospect.email]]
    assert Job.objects.filter(status="done").count() == 2


def test_the_learner_can_be_added_again_without_an_error_after_an_outage(
    client, director, program, eager_celery
):
    client.force_login(director)
    url = f"/programs/{program.slug}/learners/add/"
    post_during_outage(client, url, LEARNER)

    response, _ = post_during_outage(client, url, LEARNER)

    assert messages_of(response)[0] == "Cy Cruz was already enrolled."
    assert Job.objects.count() == 1
