import pytest

from reports.contribution import partner_contribution
from rotation.models import ProgramPartner
from tests.factories import (
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def test_partner_contribution_adds_up_teaching_rooms_learners_and_printing(world, taught):
    contribution = partner_contribution(organization=world.organization, programs=[taught])

    assert [(f.faculty_member.full_name, f.sessions, f.hours) for f in contribution.faculty] == [
        ("Maria Alvarez", 2, 3.5),
        ("Tom Becker", 1, 2.0),
    ]
    assert (
        contribution.teaching_hours,
        contribution.sessions_taught,
        contribution.sessions_hosted,
        [room.name for room in contribution.rooms],
        contribution.room_days,
        contribution.learners_reached,
        contribution.printed_pages,
    ) == (5.5, 2, 3, ["Boardroom A", "Training Room 3"], 2, 4, 150)


def test_contribution_of_a_partner_with_nothing_is_all_zero(world, taught):
    contribution = partner_contribution(
        organization=world.other_organization, programs=[world.other_program]
    )

    assert (
        contribution.faculty,
        contribution.teaching_hours,
        contribution.rooms,
        contribution.learners_reached,
        contribution.printed_pages,
    ) == ([], 0, [], 0, 0)


def test_contribution_page_filters_by_program_and_year(client, world, taught):
    later = ProgramFactory(slug="later", academic_year="2027-2028")
    ProgramPartner.objects.create(program=later, organization=world.organization, role="content")
    client.force_login(world.liaison)

    by_program = client.get("/partners/keystone/contribution/?program=concentrated-2026")
    by_year = client.get("/partners/keystone/contribution/?year=2027-2028")
    foreign = client.get("/partners/keystone/contribution/?program=other-program")

    assert [p.slug for p in by_program.context["contribution"].programs] == ["concentrated-2026"]
    assert by_program.context["contribution"].teaching_hours == 5.5
    assert (by_year.context["period"], by_year.context["contribution"].teaching_hours) == (
        "Academic year 2027-2028",
        0,
    )
    assert foreign.status_code == 404
