import pytest

from rotation.selectors.partners import confirmed_assignments, taught_assignments
from tests.factories import SeminarSessionFactory, SessionFacultyFactory

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
