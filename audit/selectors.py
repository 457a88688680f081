"""Reads of the audit trail, newest first, filtered in the database."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(
    *,
    program=None,
    action: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of one program (or all, for staff), filtered by action, actor email (part of it,
    or "system") and local calendar days from `since` to `until` inclusive."""
    events = AuditEvent.objects.select_related("program", "target_type")
    if program is not None:
        events = events.filter(program=program)
    if action:
        events = events.filter(action=action)
    if actor.strip().lower() == "system":
        events = events.filter(actor_label="")
    elif actor.strip():
        events = events.filter(actor_label__icontains=actor.strip())
    if since:
        events = events.filter(occurred_at__gte=_day_start(since))
    if until:
        events = events.filter(occurred_at__lt=_day_start(until + timedelta(days=1)))
    return events.order_by("-occurred_at", "-pk")
