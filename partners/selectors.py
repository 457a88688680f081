"""Reads about partner organizations and their faculty."""

from django.db.models import Count, QuerySet

from partners.models import Organization


def organizations_for_liaison(*, user) -> QuerySet[Organization]:
    organizations = Organization.objects.all() if user.is_staff else user.liaison_organizations
    return organizations.annotate(
        site_count=Count("sites", distinct=True),
        room_count=Count("sites__rooms", distinct=True),
        faculty_count=Count("faculty", distinct=True),
    ).order_by("name")
