"""Site staff's webhook pages: adding an endpoint, its delivery log, a test event, a new secret."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from tests.factories import UserFactory
from webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_staff_add_an_endpoint_and_it_is_audited(staff_client, receiver):
    response = staff_client.post(
        "/webhooks/new/",
        {
            "name": "MedHub sync",
            "url": receiver.url,
            "events": ["session.published"],
            "is_active": "on",
        },
    )

    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/webhooks/{endpoint.pk}/"
    assert endpoint.events == ["session.published"]
    assert endpoint.secret.startswith("whsec_")
    assert AuditEvent.objects.filter(action="webhook.created").count() == 1
    page = staff_client.get(response["Location"])
    assert endpoint.secret in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": "ftp://example.org/x", "events": ["session.published"]}, "url", "Enter"),
        ({"url": "https://example.org/x", "events": []}, "events", "This field is required."),
        ({"url": "https://example.org/x", "events": ["session.moved"]}, "events", "not one of"),
    ],
)
def test_bad_input_is_refused_with_a_message(staff_client, data, field, message):
    response = staff_client.post("/webhooks/new/", {"name": "X", **data})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Endpoint.objects.exists()


def test_the_test_event_reaches_the_endpoint_and_shows_in_the_log(
    staff_client, staff_user, endpoint, receiver
):
    response = staff_client.post(f"/webhooks/{endpoint.pk}/test/", follow=True)

    (request,) = receiver.received
    payload = json.loads(request.body)
    assert payload["event"] == "ping"
    assert payload["data"] == {"endpoint": endpoint.name, "sent_by": staff_user.email}
    page = response.content.decode()
    assert "ping" in page
    assert "HTTP 200" in page


def test_a_new_secret_replaces_the_old_one(staff_client, endpoint):
    old = endpoint.secret
    staff_client.post(f"/webhooks/{endpoint.pk}/secret/")

    endpoint.refresh_from_db()
    assert endpoint.secret != old
    event = AuditEvent.objects.get(action="webhook.secret_rotated")
    assert set(event.changes) == {"secret"}


def test_only_a_failed_delivery_can_be_sent_again(staff_client, endpoint, receiver):
    delivery = Delivery.objects.create(endpoint=endpoint, event="ping", payload={}, attempts=1)

    response = staff_client.post(
        f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/redeliver/", follow=True
    )

    assert "Only a failed delivery can be sent again." in response.content.decode()
    assert receiver.received == []


def test_the_endpoint_list_and_the_log_read_a_constant_number_of_queries(staff_client, endpoint):
    def log_of(deliveries: int) -> int:
        for _ in range(deliveries):
            delivery = Delivery.objects.create(endpoint=endpoint, event="ping", payload={})
            Attempt.objects.create(delivery=delivery, number=1, status_code=500)
        Endpoint.objects.create(name=f"E{deliveries}", url="https://example.org/", events=[])
        counts = []
        for url in ("/webhooks/", f"/webhooks/{endpoint.pk}/"):
            with CaptureQueriesContext(connection) as queries:
                assert staff_client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    assert log_of(1) == log_of(30)


def test_the_pages_are_staff_only(client, endpoint):
    client.force_login(UserFactory(email="director@example.org"))
    assert client.get("/webhooks/").status_code == 403
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 403
