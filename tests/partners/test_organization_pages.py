import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from partners.models import MeetingRoom, Organization, RoomBlackout, Site
from partners.selectors import room_booking_warnings
from tests.factories import MeetingRoomFactory, SeminarSessionFactory, SiteFactory
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "learner",
    "faculty_user",
    "other_liaison",
    "other_director",
    "liaison",
    "director",
    "staff",
]
# Wrong role: 403; right role but not this partner: 404 (its existence is not revealed).
EXPECTED = {
    "anonymous": 302,
    "learner": 403,
    "faculty_user": 403,
    "other_liaison": 404,
    "other_director": 404,
    "liaison": 200,
    "director": 200,
    "staff": 200,
}


@pytest.mark.parametrize(
    "path",
    [
        "/partners/keystone/",
        "/partners/keystone/edit/",
        "/partners/keystone/sites/new/",
        "/partners/keystone/rooms/",
        "/partners/keystone/rooms/new/",
        "/partners/keystone/faculty/",
        "/partners/keystone/faculty/new/",
        "/partners/keystone/contribution/",
    ],
)
def test_partner_pages_are_for_its_liaisons_its_programs_directors_and_staff(client, world, path):
    statuses = {role: status_for(client, world, role, path) for role in ROLES}

    assert statuses == EXPECTED


def test_room_site_and_faculty_pages_check_the_partner(client, world):
    paths = [
        f"/partners/keystone/rooms/{world.room.pk}/",
        f"/partners/keystone/rooms/{world.room.pk}/edit/",
        f"/partners/keystone/sites/{world.site.pk}/edit/",
        f"/partners/keystone/faculty/{world.member.pk}/edit/",
    ]
    statuses = {(role, p): status_for(client, world, role, p) for role in ROLES for p in paths}

    assert statuses == {(role, p): EXPECTED[role] for role in ROLES for p in paths}


def test_a_liaison_cannot_reach_another_partners_room_through_their_own(client, world):
    foreign_room = MeetingRoomFactory(site=SiteFactory(organization=world.other_organization))
    client.force_login(world.liaison)

    response = client.get(f"/partners/keystone/rooms/{foreign_room.pk}/")

    assert response.status_code == 404


def test_organization_page_shows_profile_liaisons_and_sites(client, world):
    client.force_login(world.liaison)

    response = client.get("/partners/keystone/")

    page = response.content.decode()
    assert response.context["organization"] == world.organization
    assert [s.name for s in response.context["sites"]] == ["Headquarters"]
    assert "liaison@keystone.example.org" in page
    assert "Boardroom A" in page


def test_every_page_of_the_partner_carries_its_tab_row(client, world):
    client.force_login(world.liaison)

    pages = ["/partners/keystone/", "/partners/keystone/contribution/", "/partners/keystone/rates/"]
    rows = {
        tuple(re.findall(r'<a href="([^"]+)">([^<]+)</a>', subnav(client.get(p)))) for p in pages
    }

    assert rows == {
        (
            ("/partners/keystone/", "Profile"),
            ("/partners/keystone/rooms/", "Meeting rooms"),
            ("/partners/keystone/faculty/", "Faculty"),
            ("/partners/keystone/agreements/", "Agreements"),
            ("/partners/keystone/reviews/", "Reviews"),
            ("/partners/keystone/contribution/", "Contribution"),
            ("/partners/keystone/outcomes/", "Outcomes and value report"),
            ("/partners/keystone/rates/", "Valuation rates"),
        )
    }


def subnav(response) -> str:
    html = response.content.decode()
    start = html.index('class="subnav">')
    return html[start : html.index("</nav>", start)]


def test_liaison_edits_the_organization_profile(client, world):
    client.force_login(world.liaison)

    response = client.post(
        "/partners/keystone/edit/",
        {
            "name": "Keystone Health Plan",
            "kind": "health_plan",
            "description": "A regional health plan.",
            "website": "https://keystone.example.org",
            "address": "1200 Market Street",
            "phone": "555-0100",
        },
    )

    world.organization.refresh_from_db()
    assert (response.status_code, response.url) == (302, "/partners/keystone/")
    assert (world.organization.description, world.organization.phone) == (
        "A regional health plan.",
        "555-0100",
    )


def test_director_of_a_partnering_program_edits_the_profile(client, world):
    client.force_login(world.director)

    response = client.post(
        "/partners/keystone/edit/",
        {"name": "Keystone Health Plan", "kind": "health_plan", "website": "not a url"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"website": ["Enter a valid URL."]}
    assert Organization.objects.get(pk=world.organization.pk).website == ""


def test_liaison_adds_a_site_and_a_duplicate_name_is_refused(client, world):
    client.force_login(world.liaison)
    data = {"name": "Annex", "address": "5 Side Street", "parking_notes": "Lot B"}

    first = client.post("/partners/keystone/sites/new/", data)
    second = client.post("/partners/keystone/sites/new/", {**data, "name": "annex"})

    assert first.status_code == 302
    assert second.context["form"].errors == {
        "name": ["This organization already has a site with that name."]
    }
    assert list(
        Site.objects.filter(organization=world.organization).values_list("name", flat=True)
    ) == [
        "Annex",
        "Headquarters",
    ]


def room_data(world, **changes):
    return {
        "site": world.site.pk,
        "name": "Training Room 3",
        "capacity": 24,
        "av_equipment": "Projector",
        "has_video_conferencing": "on",
        "accessibility_notes": "Step-free",
        "bookable_from": "08:00",
        "bookable_until": "17:30",
        "is_active": "on",
        **changes,
    }


def test_liaison_adds_a_meeting_room_with_bookable_hours(client, world):
    client.force_login(world.liaison)

    response = client.post("/partners/keystone/rooms/new/", room_data(world))

    room = MeetingRoom.objects.get(name="Training Room 3")
    assert response.url == f"/partners/keystone/rooms/{room.pk}/"
    assert (room.capacity, room.has_video_conferencing, room.has_printing) == (24, True, False)
    assert (room.bookable_from, room.bookable_until) == (time(8, 0), time(17, 30))


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"capacity": 0}, {"capacity": ["Ensure this value is greater than or equal to 1."]}),
        (
            {"bookable_from": "18:00", "bookable_until": "09:00"},
            {"bookable_until": ["The room must close after it opens."]},
        ),
        ({"name": "boardroom a"}, {"name": ["This site already has a room with that name."]}),
    ],
)
def test_bad_room_input_is_refused_with_a_message(client, world, changes, errors):
    client.force_login(world.liaison)

    response = client.post("/partners/keystone/rooms/new/", room_data(world, **changes))

    assert response.context["form"].errors == errors
    assert MeetingRoom.objects.count() == 1


def test_a_room_cannot_be_put_on_another_partners_site(client, world):
    foreign_site = SiteFactory(organization=world.other_organization)
    client.force_login(world.liaison)

    response = client.post("/partners/keystone/rooms/new/", room_data(world, site=foreign_site.pk))

    assert list(response.context["form"].errors) == ["site"]


def test_room_page_lists_upcoming_sessions_and_blackouts(client, world):
    now = timezone.now()
    past = SeminarSessionFactory(
        room=world.room,
        title="Past",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=1),
    )
    upcoming = SeminarSessionFactory(room=world.room, title="Upcoming", status="published")
    SeminarSessionFactory(room=world.room, title="Cancelled", status="cancelled")
    RoomBlackout.objects.create(
        room=world.room, date=timezone.localdate() + timedelta(days=3), reason="Renovation"
    )
    client.force_login(world.liaison)

    response = client.get(f"/partners/keystone/rooms/{world.room.pk}/")

    assert past.title == "Past"
    assert [s.title for s in response.context["sessions"]] == [upcoming.title]
    assert [b.reason for b in response.context["blackouts"]] == ["Renovation"]


def test_liaison_adds_and_removes_a_blackout_date(client, world):
    client.force_login(world.liaison)
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    url = f"/partners/keystone/rooms/{world.room.pk}/"

    client.post(url, {"date": day, "reason": "Board meeting"})
    duplicate = client.post(url, {"date": day})
    blackout = RoomBlackout.objects.get()
    client.post(f"{url}blackouts/{blackout.pk}/delete/")

    assert duplicate.context["form"].errors == {"date": ["This day is already blacked out."]}
    assert (blackout.reason, RoomBlackout.objects.count()) == ("Board meeting", 0)


@pytest.mark.parametrize("rows", [1, 10])
def test_room_list_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        room = MeetingRoomFactory(site=world.site)
        SeminarSessionFactory(room=room)
    client.force_login(world.liaison)

    with django_assert_num_queries(4):
        response = client.get("/partners/keystone/rooms/")

    assert len(response.context["rooms"]) == rows


def test_room_booking_warnings_name_hours_blackouts_and_inactive_rooms(world):
    zone = timezone.get_current_timezone()
    day = timezone.localdate() + timedelta(days=5)
    world.room.bookable_from, world.room.bookable_until = time(8, 0), time(17, 0)
    world.room.save()
    RoomBlackout.objects.create(room=world.room, date=day, reason="Renovation")

    def warnings(start_hour, end_hour, on=day):
        return room_booking_warnings(
            room=world.room,
            starts_at=datetime(on.year, on.month, on.day, start_hour, tzinfo=zone),
            ends_at=datetime(on.year, on.month, on.day, end_hour, tzinfo=zone),
        )

    label = f"{day:%a} {day.day} {day:%b %Y}"
    assert warnings(9, 10) == [f"Boardroom A is closed on {label} (Renovation)."]
    assert warnings(16, 18, on=day + timedelta(1)) == [
        "Boardroom A can be booked only 08:00–17:00."
    ]
    assert warnings(8, 17, on=day + timedelta(1)) == []
    world.room.is_active = False
    assert warnings(7, 9, on=day + timedelta(1)) == [
        "Boardroom A is no longer in use.",
        "Boardroom A can be booked only 08:00–17:00.",
    ]
    assert room_booking_warnings(room=None, starts_at=timezone.now(), ends_at=timezone.now()) == []


def test_each_form_cancels_to_the_page_it_came_from_without_javascript(client, world):
    client.force_login(world.liaison)
    forms = {
        "/partners/keystone/edit/": "/partners/keystone/",
        "/partners/keystone/sites/new/": "/partners/keystone/",
        "/partners/keystone/rooms/new/": "/partners/keystone/rooms/",
        f"/partners/keystone/rooms/{world.room.pk}/edit/": (
            f"/partners/keystone/rooms/{world.room.pk}/"
        ),
        f"/partners/keystone/faculty/{world.member.pk}/edit/": "/partners/keystone/faculty/",
    }

    cancel_links = {url: client.get(url).context["cancel_url"] for url in forms}

    assert cancel_links == forms


def test_faculty_profile_form_cancels_to_my_teaching(client, world):
    client.force_login(world.faculty_user)

    assert client.get("/teaching/profile/").context["cancel_url"] == "/teaching/"
