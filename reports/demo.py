"""The reports app's part of `seed_demo`: a recorded quarterly review of the partnership with
Keystone, its scorecard frozen from the demo's data, and the next review scheduled. Runs after
the other apps' demos (INSTALLED_APPS order). Idempotent: keyed by organization and date."""

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from partners.models import Organization
from reports.models import PartnershipReview
from reports.scorecard import next_review_date, review_period, scorecard
from rotation.models import User


def seed(options) -> Iterator[str]:
    organization = Organization.objects.filter(slug="keystone-health-plan").first()
    if organization is None:
        return
    held_on = timezone.localdate() - timedelta(days=14)
    review, created = PartnershipReview.objects.get_or_create(
        organization=organization, held_on=held_on
    )
    if created:
        start, end = review_period(review=review)
        review.scorecard = scorecard(organization=organization, start=start, end=end)
        review.notes = (
            "The concentrated program went well: rooms and AV were ready each morning. "
            "Printing arrived late on day two."
        )
        review.decisions = (
            "Keystone adds a pharmacy-benefits session next year. "
            "Renew the memorandum before it ends; the AV contact gets the logistics sheet "
            "a week ahead."
        )
        review.recorded_at = timezone.now()
        review.recorded_by = User.objects.filter(email="director@demo.test").first()
        review.save()
    PartnershipReview.objects.get_or_create(
        organization=organization, held_on=next_review_date(held_on=held_on)
    )
    yield "1 recorded partnership review with its scorecard, the next one scheduled"
