"""Residents meet their faculty: My rotation and the session page show who teaches each session
(photo, title, organization, bio, career path) and the session's materials."""

import pytest
from django.core.files.base import ContentFile

from teaching.models import SessionMaterial
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    OrganizationFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.partners.conftest import close_response
from tests.security.conftest import TINY_GIF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def session(learner_user):
    program = EnrollmentFactory(learner=learner_user.learner_profile).program
    return SeminarSessionFactory(program=program, status="published", title="Paying for quality")


def teach(session, **member_fields):
    member = FacultyMemberFactory(**member_fields)
    return SessionFacultyFactory(session=session, faculty_member=member, confirmation="confirmed")


def add_material(session, name="handout.pdf"):
    return SessionMaterial.objects.create(
        session=session,
        file=ContentFile(b"%PDF-1.4 handout", name=name),
        original_name=name,
        content_type="application/pdf",
        size=16,
    )


def test_my_rotation_shows_each_sessions_faculty_and_materials(client, learner_user, session):
    lead = teach(
        session,
        organization=OrganizationFactory(name="Keystone Health Plan"),
        first_name="Maria",
        last_name="Alvarez",
        title="Chief Medical Officer",
        bio="Leads the plan's quality programs.",
        career_path="Internist, then quality officer, then CMO.",
    ).faculty_member
    lead.photo.save("maria.gif", ContentFile(TINY_GIF))
    declined = teach(session, first_name="Dan", last_name="Declined")
    declined.confirmation = "declined"
    declined.save()
    material = add_material(session)
    client.force_login(learner_user)

    response = client.get("/my-rotation/")

    page = response.content.decode()
    (shown,) = response.context["sessions"]
    assert [card.full_name for card in shown.faculty_to_meet] == ["Maria Alvarez"]
    assert "Chief Medical Officer, Keystone Health Plan" in page
    assert "Leads the plan&#x27;s quality programs." in page
    assert "Internist, then quality officer, then CMO." in page
    assert f'<img src="/faculty/{lead.pk}/photo/"' in page
    assert f'href="/materials/{material.pk}/download/"' in page
    assert "Dan Declined" not in page


def test_the_faculty_photo_opens_for_the_learners_they_teach_only(
    client, learner_user, session, django_user_model
):
    member = teach(session).faculty_member
    member.photo.save("face.gif", ContentFile(TINY_GIF))
    other_resident = django_user_model.objects.create_user("other@hospital.example.org", "x")
    EnrollmentFactory(learner__user=other_resident, learner__email=other_resident.email)

    statuses = []
    for user in (learner_user, other_resident):
        client.force_login(user)
        response = client.get(f"/faculty/{member.pk}/photo/")
        statuses.append(response.status_code)
        close_response(response)

    assert statuses == [200, 403]


def test_the_session_page_shows_its_faculty(client, learner_user, session):
    teach(session, first_name="Grace", last_name="Kim", career_path="Epidemiologist first.")
    client.force_login(learner_user)

    response = client.get(f"/sessions/{session.pk}/materials/")

    assert [card.full_name for card in response.context["faculty"]] == ["Grace Kim"]
    assert "Epidemiologist first." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_my_rotation_meets_faculty_in_a_constant_number_of_queries(
    client, learner_user, rows, django_assert_num_queries
):
    program = EnrollmentFactory(learner=learner_user.learner_profile).program
    for _ in range(rows):
        session = SeminarSessionFactory(program=program, status="published")
        teach(session)
        teach(session)
        add_material(session)
    client.force_login(learner_user)

    # As tests/rotation/test_start_pages.py counts them: the faculty read with the sessions, 1
    # for the materials of all sessions whatever their number.
    with django_assert_num_queries(7):
        response = client.get("/my-rotation/")

    assert len(response.context["sessions"]) == rows
