import io

import pytest
from django.core.management import call_command

from partners.models import ExpertiseArea, FacultyMember, MeetingRoom, RoomBlackout
from rotation.models import SessionFaculty
from teaching.models import FacultyAvailability, PrintingRecord, SessionMaterial, VolunteerOffer
from teaching.selectors.volunteering import volunteer_board

pytestmark = pytest.mark.django_db

MODELS = [
    ExpertiseArea,
    FacultyAvailability,
    RoomBlackout,
    SessionMaterial,
    VolunteerOffer,
    PrintingRecord,
    SessionFaculty,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def seed():
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())


def test_seed_demo_adds_the_teaching_part_once(demo_settings):
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["ExpertiseArea"] == 7
    assert first["SessionMaterial"] == 1
    assert first["RoomBlackout"] == 2


def test_demo_faculty_member_has_availability_offers_and_open_slots(demo_settings):
    seed()
    fiona = FacultyMember.objects.get(email="faculty@demo.test")

    offers = {offer.status for offer in fiona.volunteer_offers.all()}
    board = volunteer_board(faculty_member=fiona)

    assert offers == {"offered", "declined"}
    assert set(fiona.availability.values_list("choice", flat=True)) == {"all_day"}
    assert [slot.offer.status for slot in board if slot.offer] == ["offered", "declined"]
    assert MeetingRoom.objects.filter(bookable_from=None).count() == 0


def test_demo_confirmed_volunteer_teaches_the_session(demo_settings):
    seed()

    offer = VolunteerOffer.objects.get(status="confirmed")

    assert (
        SessionFaculty.objects.get(
            session=offer.session, faculty_member=offer.faculty_member
        ).confirmation
        == "confirmed"
    )
