"""Reads of the outbox for staff: how much waits, since when, and what failed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from outbox.models import Job


@dataclass(frozen=True)
class OutboxStatus:
    counts: dict[str, int]
    oldest_pending_at: datetime | None
    oldest_failed_at: datetime | None


def outbox_status() -> OutboxStatus:
    """Jobs per status, the oldest one still waiting and the oldest failed one: one query."""
    row = Job.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Job.Status.values},
        oldest_pending_at=Min("created_at", filter=Q(status__in=["pending", "sent"])),
        oldest_failed_at=Min("created_at", filter=Q(status="failed")),
    )
    return OutboxStatus(
        counts={status: row[status] for status in Job.Status.values},
        oldest_pending_at=row["oldest_pending_at"],
        oldest_failed_at=row["oldest_failed_at"],
    )


def jobs(*, status: str | None = None):
    """Newest first, optionally of one status."""
    queryset = Job.objects.order_by("-created_at", "-pk")
    return queryset.filter(status=status) if status else queryset
