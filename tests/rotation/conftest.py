from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Administration
from config.celery import app
from rotation.models import ExcusalLetter, ProgramPartner
from rotation.services.programs import archive_program
from teaching.models import SessionMaterial
from tests.assessments.factories import build_instrument
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
    VolunteerOfferFactory,
)


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process here even when CI configures a broker; one test uses a real worker."""
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


# --- A course with something of every kind (the archive tests) ---------------------------


@dataclass
class Course:
    """One program with something of every kind that a write service could change."""

    program: object
    director: object
    session: object
    past_session: object
    topic: object
    faculty_member: object
    enrollment: object
    letter: object
    instrument: object
    administration: object
    offer: object
    material: object

    @property
    def learner(self):
        return self.enrollment.learner


@pytest.fixture
def course(db):
    director = UserFactory(email="director@example.org")
    program = ProgramFactory(directors=[director], name="Systems 2026")
    organization = OrganizationFactory()
    ProgramPartner.objects.create(program=program, organization=organization, role="host")
    faculty_member = FacultyMemberFactory(organization=organization)
    now = timezone.now()
    session = SeminarSessionFactory(
        program=program,
        status="published",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
    )
    past_session = SeminarSessionFactory(
        program=program,
        status="published",
        starts_at=now - timedelta(days=2, hours=2),
        ends_at=now - timedelta(days=2),
    )
    SessionFacultyFactory(session=session, faculty_member=faculty_member, confirmation="confirmed")
    SessionFacultyFactory(session=past_session, faculty_member=faculty_member)
    enrollment = EnrollmentFactory(program=program)
    letter = ExcusalLetter.objects.create(enrollment=enrollment, status="sent")
    instrument = build_instrument(program)
    administration = Administration.objects.create(
        instrument=instrument,
        kind="pre",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
    )
    other_member = FacultyMemberFactory(organization=organization)
    offer = VolunteerOfferFactory(faculty_member=other_member, session=session)
    material = SessionMaterial.objects.create(
        session=session,
        original_name="slides.pdf",
        content_type="application/pdf",
        size=10,
        file="materials/slides.pdf",
    )
    return Course(
        program=program,
        director=director,
        session=session,
        past_session=past_session,
        topic=TopicFactory(program=program),
        faculty_member=faculty_member,
        enrollment=enrollment,
        letter=letter,
        instrument=instrument,
        administration=administration,
        offer=offer,
        material=material,
    )


@pytest.fixture
def archived(course):
    archive_program(program=course.program)
    return course
