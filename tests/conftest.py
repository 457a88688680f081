import factory.random
import pytest

from tests.factories import (
    FacultyMemberFactory,
    LearnerFactory,
    OrganizationFactory,
    ProgramFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 takes about 0.2 s a password here, on purpose; the factories and demo make many.
    The default hasher stays second so that a hash made outside this fixture still verifies."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def same_fake_data_every_run(request):
    """The factories' names, titles and dates come from Faker; seeded by the test's id they are
    the same on every run and in any order, so a chance clash (a second learner named Ana) fails
    on the developer's machine the first time, not one CI run in fifty."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture
def demo_settings(settings):
    """seed_demo runs only with DEBUG on, as in `make run` (pytest-django turns DEBUG off)."""
    settings.DEBUG = True
    return settings


@pytest.fixture
def director(db):
    user = UserFactory(email="director@example.org")
    ProgramFactory(directors=[user])
    return user


@pytest.fixture
def program(director):
    return director.directed_programs.get()


@pytest.fixture
def liaison(db):
    user = UserFactory(email="liaison@example.org")
    OrganizationFactory().liaisons.add(user)
    return user


@pytest.fixture
def faculty_user(db):
    user = UserFactory(email="faculty@example.org")
    FacultyMemberFactory(user=user, email=user.email)
    return user


@pytest.fixture
def learner_user(db):
    user = UserFactory(email="resident@example.org")
    LearnerFactory(user=user, email=user.email)
    return user


@pytest.fixture
def staff_user(db):
    return UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
