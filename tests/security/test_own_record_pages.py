"""Pages about the user's own learner or faculty record hold site staff to the rule: Django lets a
superuser pass every has_perm, which used to let staff without such a record in, only to crash
(500) on `user.learner_profile` / `user.faculty_profile`."""

import pytest

from tests.factories import FacultyMemberFactory, UserFactory

OWN_RECORD_PAGES = [
    "/my-rotation/",
    "/teaching/",
    "/teaching/profile/",
    "/teaching/availability/",
    "/teaching/volunteer/",
    "/teaching/feedback/",
    "/teaching/feedback/reports/",
    "/my-data/",
    "/my-data/export.json",
    "/assessments/1/",
    "/assessments/1/results/",
    "/evaluations/sessions/1/",
    "/evaluations/programs/any/",
]


@pytest.fixture
def staff(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", OWN_RECORD_PAGES)
def test_staff_without_the_record_are_refused_not_crashed(client, staff, url):
    client.force_login(staff)

    response = client.get(url)

    assert response.status_code == 403


def test_staff_who_teach_still_see_their_teaching(client, staff):
    FacultyMemberFactory(user=staff, email=staff.email)
    client.force_login(staff)

    response = client.get("/teaching/")

    assert response.status_code == 200
