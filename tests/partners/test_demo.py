import io

import pytest
from django.core.management import call_command

from partners.models import ExpertiseArea, MeetingRoom, RoomBlackout, ValuationRates
from rotation.models import ProgramContribution, ProgramCost

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
