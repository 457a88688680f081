from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from partners.models import ExpertiseArea, FacultyMember, MeetingRoom, Organization, Site
from rotation.models import (
    Enrollment,
    Learner,
    Program,
    SeminarSession,
    SessionFaculty,
    Topic,
    User,
)
from teaching.models import VolunteerOffer

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Organization.Kind.HEALTH_PLAN


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "1 Main Street"


class MeetingRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRoom

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 30


class FacultyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacultyMember

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"faculty{n}@partner.example.org")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mini-Rotation {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    academic_year = "2026-2027"
    format = Program.Format.CONCENTRATED
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda program: program.start_date + timedelta(days=2))

    @factory.post_generation
    def directors(program, create, extracted, **kwargs):
        if create and extracted:
            program.directors.add(*extracted)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")


class SeminarSessionFactory(factory.django.DjangoModelFactory):
    """Saves directly; tests of the scheduling rules call rotation.services instead."""

    class Meta:
        model = SeminarSession

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    # Each session gets its own two-hour slot so that factories never collide by accident.
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(minute=0, second=0, microsecond=0)
        + timedelta(days=30, hours=2 * n)
    )
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1))
    room = factory.SubFactory(MeetingRoomFactory)


class SessionFacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFaculty

    session = factory.SubFactory(SeminarSessionFactory)
    faculty_member = factory.SubFactory(FacultyMemberFactory)
    starts_at = factory.SelfAttribute("session.starts_at")
    ends_at = factory.SelfAttribute("session.ends_at")


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"resident{n}@hospital.example.org")
    residency_program = "Internal Medicine"
    pgy_level = 2
    program_director_name = "Dr. Morgan Lee"
    program_director_email = "pd@hospital.example.org"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    learner = factory.SubFactory(LearnerFactory)


# --- partners: availability, volunteering ---------------------------------------------------------


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Expertise {n}")


class VolunteerOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerOffer

    faculty_member = factory.SubFactory(FacultyMemberFactory)
    session = factory.SubFactory(SeminarSessionFactory, status="published")
    program = factory.SelfAttribute("session.program")
