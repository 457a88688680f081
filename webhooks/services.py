"""Endpoints staff configure, the events the apps emit to them, and each delivery's attempts.

An app calls `emit` inside the transaction of its change: a delivery row per subscribed endpoint
and its outbox job are committed with the change, so an event is sent exactly when its change
happened, and a broker outage only delays it. A failed attempt (no answer, or not 2xx) is tried
again later with back-off, through the outbox, until the endpoint answers or retries run out.
Delivery is at least once: the payload's `id` is the same at every attempt."""

import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import audited
from outbox.services import enqueue
from webhooks import signing
from webhooks.events import EVENTS, PING
from webhooks.models import Attempt, Delivery, Endpoint, new_secret

ENDPOINT_FIELDS = ("name", "url", "events", "is_active")
USER_AGENT = "Mini-Rotation-Webhooks/1"


def save_endpoint(*, endpoint: Endpoint, actor, before: dict | None = None) -> Endpoint:
    """Create or change an endpoint (a bound form's instance), audited."""
    with audited(
        actor=actor,
        action="webhook.changed",
        created_action="webhook.created",
        target=endpoint,
        fields=ENDPOINT_FIELDS,
        before=before,
    ):
        if endpoint.pk is None:
            endpoint.created_by = actor
        endpoint.save()
    return endpoint


def rotate_secret(*, endpoint: Endpoint, actor) -> Endpoint:
    """A new secret, effective for the next attempt; the old one is never shown again."""
    with audited(actor=actor, action="webhook.secret_rotated", target=endpoint, fields=("secret",)):
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret"])
    return endpoint


def emit(event: str, data: Callable[[], dict]) -> list[Delivery]:
    """Queue `event` for every active endpoint that receives it. `data()` builds the payload's
    JSON data, only when some endpoint receives the event: one query when none does."""
    return emit_each(event, [data])


def emit_each(event: str, builders: Iterable[Callable[[], dict]]) -> list[Delivery]:
    """`emit` for several events of one kind (each session published at once), looking up the
    endpoints once."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}: add it to webhooks.events.EVENTS.")
    endpoints = [e for e in Endpoint.objects.filter(is_active=True) if e.receives(event)]
    if not endpoints:
        return []
    deliveries = []
    for data in builders:
        payload = data()
        deliveries += [_queue(endpoint=e, event=event, data=payload) for e in endpoints]
    return deliveries


def send_test_event(*, endpoint: Endpoint, actor) -> Delivery:
    with transaction.atomic():
        return _queue(
            endpoint=endpoint,
            event=PING,
            data={"endpoint": endpoint.name, "sent_by": actor.email if actor else None},
        )


def _queue(*, endpoint: Endpoint, event: str, data: dict) -> Delivery:
    now = timezone.now()
    delivery = Delivery(endpoint=endpoint, event=event, created_at=now, next_attempt_at=now)
    delivery.payload = {
        "id": str(delivery.uuid),
        "event": event,
        "occurred_at": now.isoformat(),
        "data": data,
    }
    delivery.save()
    _schedule(delivery, number=1, not_before=None)
    return delivery


def _schedule(delivery: Delivery, *, number: int, not_before: datetime | None) -> None:
    enqueue(
        "webhooks.deliver",
        job_key=f"webhook:{delivery.pk}:{number}",
        not_before=not_before,
        delivery_id=delivery.pk,
        number=number,
    )


def backoff(*, attempts: int) -> timedelta:
    """1 min, 2, 4, … doubling after each failed attempt, at most an hour (settings)."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


def deliver(*, delivery_id: int, number: int) -> Delivery | None:
    """Make attempt `number` of a delivery, record it, and schedule the next one if it failed.
    An attempt already made (a job delivered twice) or a delivery already settled is skipped."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery
    if delivery.attempts >= number:
        return delivery
    status_code, error, milliseconds = _post(delivery)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != Delivery.Status.PENDING or delivery.attempts >= number:
            return delivery  # another worker recorded this attempt meanwhile
        now = timezone.now()
        attempt = Attempt.objects.create(
            delivery=delivery,
            number=number,
            attempted_at=now,
            status_code=status_code,
            error=error[:500],
            duration_ms=milliseconds,
        )
        delivery.attempts = number
        if attempt.succeeded:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                Delivery.Status.DELIVERED,
                now,
                None,
            )
        elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + backoff(attempts=number)
            _schedule(delivery, number=number + 1, not_before=delivery.next_attempt_at)
        delivery.save(update_fields=["status", "attempts", "delivered_at", "next_attempt_at"])
    return delivery


def _post(delivery: Delivery) -> tuple[int | None, str, int]:
    """POST the signed payload; (status code or None, what went wrong, milliseconds)."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return None, "The endpoint is turned off.", 0
    body = signing.body_of(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: delivery.event,
        signing.DELIVERY_HEADER: str(delivery.uuid),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature(
            secret=endpoint.secret, timestamp=timestamp, body=body
        ),
    }
    started = time.monotonic()
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exception:
        return None, f"{type(exception).__name__}: {exception}", _since(started)
    error = "" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    return response.status_code, error, _since(started)


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def redeliver(*, delivery: Delivery, actor) -> Delivery:
    """Staff send a failed delivery again: one more attempt now, logged after the others (if it
    fails too, the delivery stays failed)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != Delivery.Status.FAILED:
            return delivery
        delivery.status, delivery.next_attempt_at = Delivery.Status.PENDING, timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        _schedule(delivery, number=delivery.attempts + 1, not_before=None)
    return delivery
