from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.utils import timezone

from config.celery import app as celery_app
from rotation.models import ProgramPartner
from teaching.models import PrintingRecord
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    SiteFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def eager_celery():
    """Emails go out in the test process, even when CI configures a broker."""
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = was


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db):
    """A partner with its liaison, site, room and faculty member; a program it partners in with
    its director; and the people who must not manage it."""
    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    liaison = UserFactory(email="liaison@keystone.example.org")
    organization.liaisons.add(liaison)
    site = SiteFactory(organization=organization, name="Headquarters", address="1200 Market St")
    room = MeetingRoomFactory(site=site, name="Boardroom A", capacity=40)
    faculty_user = UserFactory(email="maria@keystone.example.org", first_name="Maria")
    member = FacultyMemberFactory(
        organization=organization,
        user=faculty_user,
        email=faculty_user.email,
        first_name="Maria",
        last_name="Alvarez",
    )
    director = UserFactory(email="director@riverside.example.org")
    program = ProgramFactory(
        name="Concentrated 2026", slug="concentrated-2026", directors=[director]
    )
    ProgramPartner.objects.create(program=program, organization=organization, role="host_content")

    other_organization = OrganizationFactory(name="Lakeview", slug="lakeview")
    other_liaison = UserFactory(email="liaison@lakeview.example.org")
    other_organization.liaisons.add(other_liaison)
    other_director = UserFactory(email="other-director@riverside.example.org")
    other_program = ProgramFactory(slug="other-program", directors=[other_director])
    other_faculty_user = UserFactory(email="omar@lakeview.example.org")
    other_member = FacultyMemberFactory(
        organization=other_organization, user=other_faculty_user, email=other_faculty_user.email
    )
    learner = UserFactory(email="resident@hospital.example.org")
    LearnerFactory(user=learner, email=learner.email)
    return SimpleNamespace(
        organization=organization,
        liaison=liaison,
        site=site,
        room=room,
        faculty_user=faculty_user,
        member=member,
        director=director,
        program=program,
        other_organization=other_organization,
        other_liaison=other_liaison,
        other_director=other_director,
        other_program=other_program,
        other_faculty_user=other_faculty_user,
        other_member=other_member,
        learner=learner,
        staff=UserFactory(email="staff@riverside.example.org", is_staff=True),
    )


def status_for(client, world, role: str, url: str, method: str = "get", data=None) -> int:
    """The status a user in this role gets; anonymous users are redirected to sign in (302)."""
    user = None if role == "anonymous" else getattr(world, role)
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    close_response(response)
    return response.status_code


def close_response(response) -> None:
    """Close a file download's file, without the end-of-request signal that would close the
    test's database connection (as Django's test client does for streamed responses)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def taught(world):
    """Maria teaches two sessions (1.5 h and 2 h) in Keystone's room, a colleague one; a
    Keystone room hosts a third session on a second day; four learners are enrolled."""
    program = world.program
    second_room = MeetingRoomFactory(site=world.site, name="Training Room 3")
    first = SeminarSessionFactory(
        program=program,
        title="Measuring quality",
        status="published",
        room=world.room,
        starts_at=at(-10, 9),
        ends_at=at(-10, 10, 30),
    )
    second = SeminarSessionFactory(
        program=program,
        title="Paying for value",
        status="published",
        room=world.room,
        starts_at=at(-10, 13),
        ends_at=at(-10, 15),
    )
    third = SeminarSessionFactory(
        program=program,
        title="Public health",
        status="published",
        room=second_room,
        starts_at=at(-9, 9),
        ends_at=at(-9, 10),
    )
    SeminarSessionFactory(
        program=program,
        title="Cancelled",
        status="cancelled",
        room=world.room,
        starts_at=at(-8, 9),
        ends_at=at(-8, 10),
    )
    colleague = FacultyMemberFactory(
        organization=world.organization, first_name="Tom", last_name="Becker"
    )
    outsider = FacultyMemberFactory(organization=world.other_organization)
    SessionFacultyFactory(session=first, faculty_member=world.member, confirmation="confirmed")
    SessionFacultyFactory(session=second, faculty_member=world.member, confirmation="confirmed")
    SessionFacultyFactory(
        session=second, faculty_member=colleague, confirmation="confirmed", role="panelist"
    )
    SessionFacultyFactory(session=third, faculty_member=outsider, confirmation="confirmed")
    SessionFacultyFactory(
        session=third,
        faculty_member=FacultyMemberFactory(organization=world.organization),
        confirmation="declined",
    )
    for _ in range(4):
        EnrollmentFactory(program=program)
    EnrollmentFactory(program=program, status="withdrawn")
    PrintingRecord.objects.create(organization=world.organization, program=program, pages=120)
    PrintingRecord.objects.create(organization=world.organization, program=program, pages=30)
    PrintingRecord.objects.create(
        organization=world.organization, program=world.other_program, pages=999
    )
    return program
