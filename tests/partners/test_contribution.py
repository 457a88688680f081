import pytest

from reports.contribution import partner_contribution
from rotation.models import ProgramPartner
from tests.factories import (
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.partners.conftest import at

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


def test_contribution_reads_set_up_once_are_narrowed_anew_on_each_call(world, taught):
    first = partner_contribution(organization=world.organization, programs=[taught])
    other = partner_contribution(
        organization=world.other_organization, programs=[world.other_program]
    )
    again = partner_contribution(organization=world.organization, programs=[taught])

    assert (other.teaching_hours, other.sessions_hosted, other.printed_pages) == (0, 0, 0)
    assert again == first
    assert (again.teaching_hours, again.sessions_hosted, again.printed_pages) == (5.5, 3, 150)


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


@pytest.mark.parametrize("rows", [1, 5])
def test_contribution_page_uses_a_constant_number_of_queries(
    client, world, django_assert_num_queries, rows
):
    for index in range(rows):
        program = ProgramFactory(slug=f"program-{index}", academic_year=f"{2020 + index}-x")
        ProgramPartner.objects.create(
            program=program, organization=world.organization, role="content"
        )
        for day in range(rows):
            session = SeminarSessionFactory(
                program=program,
                status="published",
                room=world.room,
                starts_at=at(30 + day, 9 + index),
                ends_at=at(30 + day, 10 + index),
            )
            SessionFacultyFactory(
                session=session, faculty_member=world.member, confirmation="confirmed"
            )
    client.force_login(world.liaison)

    with django_assert_num_queries(9):
        response = client.get("/partners/keystone/contribution/")

    assert response.context["contribution"].sessions_hosted == rows * rows
