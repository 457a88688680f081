"""Query-string filters of the list endpoints, validated (a bad value is a 400 naming it) and
applied to the querysets the selectors return."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers


def validated(serializer_class: type[serializers.Serializer], request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_sessions(sessions: QuerySet, *, status=None, starts_after=None, starts_before=None):
    if status:
        sessions = sessions.filter(status=status)
    if starts_after:
        sessions = sessions.filter(starts_at__gte=_day_start(starts_after))
    if starts_before:
        sessions = sessions.filter(starts_at__lt=_day_start(starts_before))
    return sessions


def filter_enrollments(enrollments: QuerySet, *, status=None):
    return enrollments.filter(status=status) if status else enrollments
