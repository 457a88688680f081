import io

import pytest
from django.core.management import call_command

from partners.models import (
    Agreement,
    Contact,
    ExpertiseArea,
    MeetingRoom,
    Organization,
    RoomBlackout,
    ValuationRates,
)
from partners.selectors import agreements_with_status, contacts_with_role
from reports.models import PartnershipReview
from reports.scorecard import next_review_date
from rotation.models import ProgramContribution, ProgramCost
from teaching.models import FacultySurvey
from teaching.selectors.surveys import faculty_experience

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())


def test_seed_demo_adds_expertise_room_hours_and_blackouts_once(demo_settings):
    seed()
    first = (ExpertiseArea.objects.count(), RoomBlackout.objects.count())

    seed()

    assert (ExpertiseArea.objects.count(), RoomBlackout.objects.count()) == first == (7, 2)
    assert MeetingRoom.objects.filter(bookable_from=None).count() == 0


def test_seed_demo_adds_rates_costs_and_contributions_once(demo_settings):
    call_command("seed_demo", "--learners", "5", "--programs", "4", stdout=io.StringIO())
    first = (
        ValuationRates.objects.count(),
        ProgramCost.objects.count(),
        ProgramContribution.objects.count(),
    )

    call_command("seed_demo", "--learners", "5", "--programs", "4", stdout=io.StringIO())

    # Keystone's own rates this year and last; 3 costs, 2 cash gifts and the host's catering
    # for each of this year's and last year's two programs.
    assert first == (2, 12, 12)
    assert (
        ValuationRates.objects.count(),
        ProgramCost.objects.count(),
        ProgramContribution.objects.count(),
    ) == first
    assert set(ValuationRates.objects.values_list("organization__slug", flat=True)) == {
        "keystone-health-plan"
    }


def test_seed_demo_adds_contacts_agreements_reviews_and_faculty_surveys_once(demo_settings):
    seed()
    first = (
        Contact.objects.count(),
        Agreement.objects.count(),
        PartnershipReview.objects.count(),
        FacultySurvey.objects.count(),
    )

    seed()

    statuses = {
        a.organization.slug: a.status for a in agreements_with_status().filter(renewal=None)
    }
    recorded = PartnershipReview.objects.exclude(recorded_at=None).get()
    upcoming = PartnershipReview.objects.get(recorded_at=None)
    keystone = Organization.objects.get(slug="keystone-health-plan")
    assert (
        Contact.objects.count(),
        Agreement.objects.count(),
        PartnershipReview.objects.count(),
        FacultySurvey.objects.count(),
    ) == first
    assert first[:3] == (20, 6, 2)
    assert statuses["keystone-health-plan"] == "expiring"
    assert agreements_with_status().get(renews__isnull=False).renews.organization.slug == (
        "lakeview-integrated-health"
    )
    assert [status for slug, status in statuses.items() if slug != "keystone-health-plan"] == [
        "active"
    ] * 4
    assert all(
        contacts_with_role(organization, role).exists()
        for organization in Organization.objects.exclude(kind="academic_sponsor")
        for role in Contact.Role.values
    )
    assert recorded.scorecard["agreement_status"] == "Expiring"
    assert upcoming.held_on == next_review_date(held_on=recorded.held_on)
    assert faculty_experience(organization=keystone).respondents == 5
    assert not faculty_experience(organization=keystone).is_suppressed
