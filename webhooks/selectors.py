from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404

from webhooks.models import Attempt, Delivery, Endpoint


def endpoints_with_counts():
    """Every endpoint with its deliveries waiting and failed, and its last delivery: one query."""
    return Endpoint.objects.annotate(
        pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        last_delivery_at=Max("deliveries__created_at"),
    )


def get_endpoint(*, pk: int) -> Endpoint:
    return get_object_or_404(Endpoint, pk=pk)


def delivery_log(*, endpoint: Endpoint, status: str = ""):
    """The endpoint's deliveries, newest first, each with its attempts (two queries per page)."""
    deliveries = endpoint.deliveries.prefetch_related(
        Prefetch("attempt_log", queryset=Attempt.objects.order_by("number"))
    )
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


def get_delivery(*, endpoint: Endpoint, pk: int) -> Delivery:
    return get_object_or_404(endpoint.deliveries, pk=pk)
