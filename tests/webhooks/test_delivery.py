"""Events reach a real HTTP endpoint on loopback, signed, once per change, retried with
back-off through the outbox when the endpoint fails, and logged attempt by attempt."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from outbox.models import Job
from outbox.services import relay_pending
from reports import services as report_services
from rotation.models import Enrollment, SeminarSession
from rotation.services.publishing import publish_schedule
from rotation.services.roster import import_roster, withdraw_learner
from rotation.services.scheduling import cancel_session
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from webhooks import services
from webhooks.models import Delivery, Endpoint

# The deliveries start when the change commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def published_session(program):
    session = SeminarSessionFactory(program=program, title="Payer panel")
    SessionFacultyFactory(session=session, faculty_member=FacultyMemberFactory())
    publish_schedule(program=program)
    session.refresh_from_db()
    return session


def test_a_published_session_reaches_the_endpoint_signed_with_its_secret(
    endpoint, receiver, program
):
    session = published_session(program)

    (request,) = receiver.received
    timestamp = request.headers["X-Mini-Rotation-Timestamp"]
    expected = hmac.new(
        endpoint.secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    assert request.headers["X-Mini-Rotation-Signature"] == f"v1={expected}"
    assert abs(int(timestamp) - time.time()) < 60
    assert request.headers["X-Mini-Rotation-Event"] == "session.published"
    assert request.path == "/hooks/mini-rotation"
    payload = json.loads(request.body)
    assert payload["event"] == "session.published"
    assert payload["data"]["program"] == program.slug
    assert payload["data"]["session"]["id"] == session.pk
    assert payload["data"]["session"]["title"] == "Payer panel"
    assert payload["data"]["session"]["room"]["name"] == session.room.name
    assert len(payload["data"]["session"]["faculty"]) == 1
    delivery = Delivery.objects.get()
    assert payload["id"] == str(delivery.uuid) == request.headers["X-Mini-Rotation-Delivery"]
    assert delivery.status == Delivery.Status.DELIVERED
    assert [(a.number, a.status_code) for a in delivery.attempt_log.all()] == [(1, 200)]


def test_another_secret_does_not_verify(endpoint, receiver, program):
    published_session(program)
    (request,) = receiver.received
    timestamp = request.headers["X-Mini-Rotation-Timestamp"]
    forged = hmac.new(b"not-the-secret", f"{timestamp}.".encode() + request.body, hashlib.sha256)
    assert request.headers["X-Mini-Rotation-Signature"] != f"v1={forged.hexdigest()}"


def test_a_failing_endpoint_is_tried_again_with_back_off_until_it_answers(
    endpoint, receiver, program, settings
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.answers = [500, 503]
    before = timezone.now()
    published_session(program)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    # The second attempt waits in the outbox: not handed to the queue on commit.
    retry = Job.objects.get(key=f"webhook:{delivery.pk}:2")
    assert retry.status == Job.Status.PENDING
    assert retry.next_attempt_at >= before + timedelta(seconds=60)
    assert len(receiver.received) == 1

    relay_pending(now=timezone.now())  # not due yet: nothing happens
    assert len(receiver.received) == 1

    relay_pending(now=timezone.now() + timedelta(minutes=1, seconds=5))  # 1 min later
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    third = Job.objects.get(key=f"webhook:{delivery.pk}:3")
    assert third.next_attempt_at - delivery.attempt_log.get(number=2).attempted_at == timedelta(
        minutes=2
    )

    relay_pending(now=timezone.now() + timedelta(minutes=4))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [(a.number, a.status_code) for a in delivery.attempt_log.all()] == [
        (1, 500),
        (2, 503),
        (3, 200),
    ]
    # Every attempt carried the same delivery id and a signature of its own timestamp.
    ids = {request.headers["X-Mini-Rotation-Delivery"] for request in receiver.received}
    assert ids == {str(delivery.uuid)}


def test_retries_run_out_then_staff_can_send_it_again(endpoint, receiver, program, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.answers = [500, 500]
    published_session(program)
    relay_pending(now=timezone.now() + timedelta(hours=1))

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 2
    assert not Job.objects.filter(key=f"webhook:{delivery.pk}:3").exists()

    services.redeliver(delivery=delivery, actor=None)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 3
    assert len(receiver.received) == 3


def test_an_endpoint_that_does_not_answer_is_logged_with_the_reason(db, program, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    Endpoint.objects.create(name="Gone", url="http://127.0.0.1:9/", events=["session.published"])
    published_session(program)

    attempt = Delivery.objects.get().attempt_log.get()
    assert attempt.status_code is None
    assert "ConnectionError" in attempt.error


def test_a_job_delivered_twice_makes_one_attempt(endpoint, receiver, program):
    published_session(program)
    delivery = Delivery.objects.get()

    services.deliver(delivery_id=delivery.pk, number=1)

    assert len(receiver.received) == 1
    assert delivery.attempt_log.count() == 1


def test_an_event_of_a_change_that_rolled_back_is_never_sent(endpoint, receiver, program):
    session = SeminarSessionFactory(
        program=program, published_at=timezone.now(), status="published"
    )

    def cancel_then_fail():
        with transaction.atomic():
            cancel_session(session=session)
            raise RuntimeError("the change fails after the event")

    with pytest.raises(RuntimeError):
        cancel_then_fail()

    assert not Delivery.objects.exists()
    assert receiver.received == []


def test_only_active_endpoints_subscribed_to_the_event_receive_it(endpoint, receiver, program):
    other = Endpoint.objects.create(name="Calendar", url=receiver.url, events=["report.ready"])
    off = Endpoint.objects.create(
        name="Off", url=receiver.url, events=["session.published"], is_active=False
    )
    published_session(program)

    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [endpoint.pk]
    assert not other.deliveries.exists()
    assert not off.deliveries.exists()


def test_without_endpoints_an_event_costs_one_query(db, program, django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(1):
        assert services.emit("session.changed", lambda: pytest.fail("payload built")) == []


def test_cancelling_a_published_session_and_a_change_of_time_are_sent(endpoint, receiver, program):
    session = published_session(program)
    cancel_session(session=session)

    events = [json.loads(r.body)["event"] for r in receiver.received]
    assert events == ["session.published", "session.cancelled"]
    assert json.loads(receiver.received[-1].body)["data"]["session"]["status"] == "cancelled"


def test_a_draft_session_changes_silently(endpoint, receiver, program):
    SeminarSessionFactory(program=program, status=SeminarSession.Status.DRAFT)
    assert receiver.received == []


def test_a_roster_import_is_one_event_listing_every_enrollment(endpoint, receiver, program):
    rows = [
        {
            "email": f"r{n}@hospital.example.org",
            "first_name": f"R{n}",
            "last_name": "Test",
            "residency_program": "Internal Medicine",
            "pgy_level": 1,
            "program_director_name": "Dr. A",
            "program_director_email": "pd@hospital.example.org",
        }
        for n in range(3)
    ]
    import_roster(program=program, rows=rows, base_url="http://testserver")

    (request,) = receiver.received
    payload = json.loads(request.body)
    assert payload["event"] == "enrollment.changed"
    assert sorted(c["learner"]["email"] for c in payload["data"]["changes"]) == [
        "r0@hospital.example.org",
        "r1@hospital.example.org",
        "r2@hospital.example.org",
    ]
    assert {(c["status"], c["previous_status"]) for c in payload["data"]["changes"]} == {
        ("enrolled", None)
    }


def test_a_withdrawal_is_sent_with_the_previous_status(endpoint, receiver, db):
    enrollment = EnrollmentFactory(learner__external_id="MH-1")
    withdraw_learner(enrollment=enrollment)

    change = json.loads(receiver.received[-1].body)["data"]["changes"][0]
    assert change["status"] == Enrollment.Status.WITHDRAWN
    assert change["previous_status"] == Enrollment.Status.ENROLLED
    assert change["learner"]["external_id"] == "MH-1"


def test_a_finished_report_is_announced_with_its_download(
    endpoint, receiver, director, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    program = ProgramFactory(directors=[director])
    run = report_services.request_report(program=program, user=director)

    run.refresh_from_db()
    assert run.status == "done"
    payload = json.loads(receiver.received[-1].body)
    assert payload["event"] == "report.ready"
    assert payload["data"]["report"]["id"] == run.pk
    assert payload["data"]["report"]["download"] == (
        f"/programs/{program.slug}/reports/{run.pk}/download/"
    )


def test_an_unknown_event_is_refused(db):
    with pytest.raises(ValueError, match="Unknown webhook event"), transaction.atomic():
        services.emit("session.moved", dict)
