from types import SimpleNamespace

import pytest

from config.celery import app as celery_app
from planning.models import TeamMember
from rotation.models import ProgramPartner
from tests.factories import (
    LearnerFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    UserFactory,
)
from tests.planning.factories import PatientPartnerFactory, TeamMemberFactory


@pytest.fixture(autouse=True)
def eager_celery():
    """Emails go out in the test process, even when CI configures a broker."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture
def world(db):
    """A program with its director, a partner whose liaison is on the planning team, and a
    resident who is not."""
    director = UserFactory(email="director@riverside.example.org")
    program = ProgramFactory(name="Concentrated 2026", slug="concentrated-2026")
    program.directors.add(director)
    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    ProgramPartner.objects.create(program=program, organization=organization, role="content")
    liaison = UserFactory(email="liaison@keystone.example.org")
    organization.liaisons.add(liaison)
    liaison_member = TeamMemberFactory(
        program=program,
        user=liaison,
        email=liaison.email,
        role=TeamMember.Role.PARTNER_LIAISON,
        organization=organization,
    )
    resident = UserFactory(email="resident@hospital.example.org")
    LearnerFactory(user=resident, email=resident.email)
    return SimpleNamespace(
        director=director,
        program=program,
        organization=organization,
        liaison=liaison,
        liaison_member=liaison_member,
        resident=resident,
    )


@pytest.fixture
def patient(world):
    """A patient partner who has joined the world's program's team with her own account, and a
    published session of the program (in 30 days) with a faculty member."""
    user = UserFactory(email="rosa@families.example.org", first_name="Rosa", last_name="Delgado")
    member = PatientPartnerFactory(
        program=world.program, user=user, name="Rosa Delgado", email=user.email
    )
    session = SeminarSessionFactory(
        program=world.program, title="Partnering with patients", status="published"
    )
    SessionFacultyFactory(session=session, faculty_member__first_name="Maria")
    return SimpleNamespace(user=user, member=member, session=session)
