"""Meeting rooms (facilities, hours, blackout dates) and faculty placed by confirming an offer."""

from datetime import date, time

import pytest

from audit.models import AuditEvent
from partners.models import ExpertiseArea, FacultyMember, MeetingRoom, RoomBlackout
from teaching.services import confirm_offer
from tests.audit.conftest import audit_rows
from tests.factories import (
    MeetingRoomFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    SiteFactory,
    VolunteerOfferFactory,
)

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Boardroom",
    "capacity": "24",
    "av_equipment": "Projector",
    "has_video_conferencing": "on",
    "accessibility_notes": "",
    "bookable_from": "08:00",
    "bookable_until": "17:00",
    "is_active": "on",
}


@pytest.fixture
def organization(liaison):
    return liaison.liaison_organizations.get()


@pytest.fixture
def site(organization):
    return SiteFactory(organization=organization, name="Main Campus")


def test_adding_a_room_records_its_facilities(client, liaison, organization, site):
    client.force_login(liaison)

    client.post(f"/partners/{organization.slug}/rooms/new/", {**FORM, "site": site.pk})

    room = MeetingRoom.objects.get()
    assert audit_rows() == [
        (
            "liaison@example.org",
            "room.created",
            "Boardroom (Main Campus)",
            {
                "site": [None, str(site)],
                "name": [None, "Boardroom"],
                "capacity": [None, 24],
                "av_equipment": [None, "Projector"],
                "has_video_conferencing": [None, True],
                "has_printing": [None, False],
                "bookable_from": [None, "08:00"],
                "bookable_until": [None, "17:00"],
                "is_active": [None, True],
            },
        )
    ]
    assert AuditEvent.objects.get().target_id == str(room.pk)


def test_changing_a_rooms_hours_records_old_and_new(client, liaison, organization, site):
    room = MeetingRoomFactory(
        site=site, name="Boardroom", capacity=24, av_equipment="Projector",
        has_video_conferencing=True, bookable_from=time(8), bookable_until=time(17),
    )  # fmt: skip
    client.force_login(liaison)

    client.post(
        f"/partners/{organization.slug}/rooms/{room.pk}/edit/",
        {**FORM, "site": site.pk, "bookable_from": "09:00", "capacity": "30"},
    )

    assert audit_rows() == [
        (
            "liaison@example.org",
            "room.changed",
            "Boardroom (Main Campus)",
            {"capacity": [24, 30], "bookable_from": ["08:00", "09:00"]},
        )
    ]


def test_saving_a_room_unchanged_records_nothing(client, liaison, organization, site):
    room = MeetingRoomFactory(
        site=site, name="Boardroom", capacity=24, av_equipment="Projector",
        has_video_conferencing=True, bookable_from=time(8), bookable_until=time(17),
    )  # fmt: skip
    client.force_login(liaison)

    client.post(f"/partners/{organization.slug}/rooms/{room.pk}/edit/", {**FORM, "site": site.pk})

    assert AuditEvent.objects.count() == 0


def test_an_invalid_room_form_records_nothing(client, liaison, organization, site):
    client.force_login(liaison)

    response = client.post(
        f"/partners/{organization.slug}/rooms/new/",
        {**FORM, "site": site.pk, "bookable_until": "07:00"},
    )

    assert (response.status_code, MeetingRoom.objects.count(), AuditEvent.objects.count()) == (
        200,
        0,
        0,
    )


def test_blackout_dates_added_and_removed_are_recorded_on_the_room(
    client, liaison, organization, site
):
    room = MeetingRoomFactory(site=site, name="Boardroom")
    client.force_login(liaison)
    room_url = f"/partners/{organization.slug}/rooms/{room.pk}/"

    client.post(room_url, {"date": "2027-12-24", "reason": "Holiday"})
    blackout = RoomBlackout.objects.get()
    client.post(f"{room_url}blackouts/{blackout.pk}/delete/")

    assert audit_rows() == [
        (
            "liaison@example.org",
            "room.blackout_added",
            "Boardroom (Main Campus)",
            {"blackout date": [None, "2027-12-24 (Holiday)"]},
        ),
        (
            "liaison@example.org",
            "room.blackout_removed",
            "Boardroom (Main Campus)",
            {"blackout date": ["2027-12-24 (Holiday)", None]},
        ),
    ]
    assert RoomBlackout.objects.filter(date=date(2027, 12, 24)).count() == 0


def test_confirming_a_volunteer_records_the_faculty_change_by_the_director(director, program):
    offer = VolunteerOfferFactory(
        session__program=program,
        session__title="Quality",
        faculty_member__first_name="Maria",
        faculty_member__last_name="Alvarez",
    )

    confirm_offer(offer=offer, decided_by=director)

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "session.changed",
            "Quality",
            {"faculty": [[], ["Maria Alvarez (lead)"]]},
        )
    ]


def test_a_faculty_members_withdrawal_is_recorded_as_theirs(client, faculty_user, program):
    member = faculty_user.faculty_profile
    member.first_name, member.last_name = "Maria", "Alvarez"
    member.save()
    session = SeminarSessionFactory(program=program, title="Quality", status="published")
    SessionFacultyFactory(session=session, faculty_member=member, confirmation="confirmed")
    client.force_login(faculty_user)

    client.post(f"/teaching/sessions/{session.pk}/withdraw/", {"reason": "Board meeting."})

    assert audit_rows(program=program) == [
        (
            "faculty@example.org",
            "session.faculty_withdrew",
            "Quality",
            {"faculty": ["Maria Alvarez (confirmed)", "Maria Alvarez (withdrew)"]},
        )
    ]


def test_a_withdrawal_without_a_reason_records_nothing(client, faculty_user, program):
    session = SeminarSessionFactory(program=program, status="published")
    SessionFacultyFactory(
        session=session, faculty_member=faculty_user.faculty_profile, confirmation="confirmed"
    )
    client.force_login(faculty_user)

    client.post(f"/teaching/sessions/{session.pk}/withdraw/", {"reason": "  "})

    assert AuditEvent.objects.count() == 0


def test_editing_an_organization_and_adding_a_site_are_recorded(client, liaison, organization):
    client.force_login(liaison)

    client.post(
        f"/partners/{organization.slug}/edit/",
        {"name": organization.name, "kind": organization.kind, "phone": "555-0100"},
    )
    client.post(f"/partners/{organization.slug}/sites/new/", {"name": "Annex", "address": "2 Elm"})

    assert [(action, label, changes) for _actor, action, label, changes in audit_rows()] == [
        ("organization.changed", organization.name, {"phone": ["", "555-0100"]}),
        (
            "site.created",
            f"{organization.name} – Annex",
            {"organization": [None, organization.name], "name": [None, "Annex"],
             "address": [None, "2 Elm"]},
        ),
    ]  # fmt: skip


def test_adding_a_faculty_member_records_their_expertise(client, liaison, organization):
    quality = ExpertiseArea.objects.create(name="Quality measurement")
    client.force_login(liaison)

    client.post(
        f"/partners/{organization.slug}/faculty/new/",
        {"first_name": "Ana", "last_name": "Lee", "email": "ana@example.org",
         "clinical_background": "nurse", "recruitment_status": "prospect",
         "expertise": [quality.pk]},
    )  # fmt: skip

    member = FacultyMember.objects.get(email="ana@example.org")
    assert [(action, label) for _actor, action, label, _changes in audit_rows()] == [
        ("faculty.created", "Ana Lee")
    ]
    assert AuditEvent.objects.get().changes["expertise"] == [None, ["Quality measurement"]]
    assert list(member.expertise.all()) == [quality]
