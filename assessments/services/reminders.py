"""Invitations and reminders: who is due a notice, sent once per learner and key."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Administration, Notification
from assessments.notifications import send_notification
from assessments.selectors.responses import non_respondents
from assessments.services.queueing import queue_reminders
from rotation.models import Learner


def _notify(*, administration: Administration, learners, key: str, now: datetime) -> int:
    """Email each learner once per key; the unique Notification row makes reruns send nothing."""
    already = set(
        Notification.objects.filter(administration=administration, key=key).values_list(
            "learner_id", flat=True
        )
    )
    sent = 0
    for learner in learners:
        if learner.pk in already or learner.user is None:
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(
                    administration=administration, learner=learner, key=key, sent_at=now
                )
                send_notification(administration=administration, learner=learner, key=key)
        except IntegrityError:
            continue  # a simultaneous run got there first
        sent += 1
    return sent


def send_invitations(*, administration: Administration, now: datetime) -> int:
    if not administration.is_open(now):
        return 0
    learners = Learner.objects.filter(
        enrollments__program_id=administration.instrument.program_id,
        enrollments__status="enrolled",
    ).select_related("user")
    return _notify(administration=administration, learners=learners, key="invitation", now=now)


def send_reminders(*, administration: Administration, key: str, now: datetime) -> int:
    """Remind only those who have not submitted; once per learner and key."""
    if not administration.is_open(now):
        return 0
    learners = non_respondents(administration=administration).select_related("user")
    return _notify(administration=administration, learners=learners, key=key, now=now)


def due_reminder_key(*, administration: Administration, now: datetime) -> str | None:
    """The reminder whose day has come (the nearest to closing), e.g. 'reminder-1d'."""
    due = [
        days
        for days in administration.reminder_days
        if administration.closes_at - timedelta(days=days) <= now
    ]
    return f"reminder-{min(due)}d" if due else None


def send_due_notifications(*, now: datetime) -> dict[str, int]:
    """What celery beat runs: invitations for open windows, reminders whose day has come."""
    counts = {"invitations": 0, "reminders": 0}
    for administration in Administration.objects.filter(
        opens_at__lte=now, closes_at__gt=now, instrument__program__archived_at__isnull=True
    ).select_related("instrument"):
        counts["invitations"] += send_invitations(administration=administration, now=now)
        key = due_reminder_key(administration=administration, now=now)
        if key:
            counts["reminders"] += send_reminders(administration=administration, key=key, now=now)
    return counts


def queue_manual_reminders(*, administration: Administration, now: datetime) -> bool:
    """Queue today's reminder to everyone who has not submitted; at most one per learner per day.
    False when the window is not open (there is nobody to remind)."""
    if not administration.is_open(now):
        return False
    key = f"manual-{timezone.localdate(now):%Y-%m-%d}"
    queue_reminders(administration_id=administration.pk, key=key)
    return True
