from datetime import date

import pytest

from rotation.models import ProgramPartner
from rotation.selectors.partners import (
    confirmed_assignments,
    programs_of_partner,
    taught_assignments,
)
from tests.factories import (
    FacultyMemberFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)

pytestmark = pytest.mark.django_db


def test_confirmed_assignments_are_taught_ones_whatever_their_sessions_status():
    published = SeminarSessionFactory(status="published")
    draft = SeminarSessionFactory(status="draft")
    taught = SessionFacultyFactory(session=published, confirmation="confirmed")
    SessionFacultyFactory(session=published, confirmation="pending")
    drafted = SessionFacultyFactory(session=draft, confirmation="confirmed")

    assert set(confirmed_assignments()) == {taught, drafted}
    assert list(taught_assignments()) == [taught]
    assert list(confirmed_assignments(session__status="published")) == [taught]


def test_a_partners_programs_are_those_it_partners_in_or_its_faculty_teach_in_latest_first():
    keystone, other = OrganizationFactory(), OrganizationFactory()
    partnered = ProgramFactory(start_date=date(2025, 9, 1))
    taught = ProgramFactory(start_date=date(2026, 9, 1))
    both = ProgramFactory(start_date=date(2024, 9, 1))
    elsewhere = ProgramFactory(start_date=date(2026, 10, 1))
    for program in (partnered, both):
        ProgramPartner.objects.create(program=program, organization=keystone)
    ProgramPartner.objects.create(program=elsewhere, organization=other)
    member = FacultyMemberFactory(organization=keystone)
    for program in (taught, both, both):  # asked, not yet confirmed: it counts
        SessionFacultyFactory(session=SeminarSessionFactory(program=program), faculty_member=member)
    SessionFacultyFactory(
        session=SeminarSessionFactory(program=elsewhere),
        faculty_member=FacultyMemberFactory(organization=other),
    )

    assert list(programs_of_partner(organization=keystone)) == [taught, partnered, both]
