from types import SimpleNamespace

import pytest

from config.celery import app as celery_app
from planning.models import TeamMember
from rotation.models import ProgramPartner
from tests.factories import LearnerFactory, OrganizationFactory, ProgramFactory, UserFactory
from tests.planning.factories import TeamMemberFactory


@pytest.fixture(autouse=True)
def eager_celery():
    """Emails go out in the test process, even when CI configures a broker."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
