import io

import pytest
from django.core.management import call_command

from partners.models import ExpertiseArea, MeetingRoom, RoomBlackout

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())


def test_seed_demo_adds_expertise_room_hours_and_blackouts_once(demo_settings):
    seed()
    first = (ExpertiseArea.objects.count(), RoomBlackout.objects.count())

    seed()

    assert (ExpertiseArea.objects.count(), RoomBlackout.objects.count()) == first == (7, 2)
    assert MeetingRoom.objects.filter(bookable_from=None).count() == 0
