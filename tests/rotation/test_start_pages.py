import pytest

from tests.factories import (
    EnrollmentFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)

pytestmark = pytest.mark.django_db

START_PAGES = ["/programs/", "/partners/", "/teaching/", "/my-rotation/"]


@pytest.mark.parametrize("url", START_PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={url}")


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [
        ("director", "/programs/"),
        ("liaison", "/partners/"),
        ("faculty_user", "/teaching/"),
        ("learner_user", "/my-rotation/"),
    ],
)
def test_each_start_page_is_for_its_role_only(client, request, fixture, allowed):
    client.force_login(request.getfixturevalue(fixture))

    statuses = {url: client.get(url).status_code for url in START_PAGES}

    assert statuses == {url: 200 if url == allowed else 403 for url in START_PAGES}


def test_a_user_without_a_role_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody@example.org", "x"))

    response = client.get("/")

    assert response.status_code == 200
    assert "not yet linked to a program" in response.content.decode()


def test_director_sees_only_their_own_programs(client, director, program):
    ProgramFactory(name="Someone else's program")
    client.force_login(director)

    response = client.get("/programs/")

    assert [p.name for p in response.context["programs"]] == [program.name]


@pytest.mark.parametrize("rows", [1, 5])
def test_program_list_uses_a_constant_number_of_queries(
    client, director, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        ProgramFactory(directors=[director])
    for program in director.directed_programs.all():
        SeminarSessionFactory(program=program, status="published")
        EnrollmentFactory(program=program)
    client.force_login(director)

    with django_assert_num_queries(3):
        response = client.get("/programs/")

    assert len(response.context["programs"]) == rows


def test_resident_sees_only_published_sessions_of_their_programs(client, learner_user):
    learner = learner_user.learner_profile
    mine = EnrollmentFactory(learner=learner).program
    published = SeminarSessionFactory(program=mine, status="published", title="Published")
    SeminarSessionFactory(program=mine, status="draft", title="Draft")
    SeminarSessionFactory(status="published", title="Another program")
    client.force_login(learner_user)

    response = client.get("/my-rotation/")

    assert list(response.context["sessions"]) == [published]


@pytest.mark.parametrize("rows", [1, 5])
def test_my_rotation_uses_a_constant_number_of_queries(
    client, learner_user, rows, django_assert_num_queries
):
    program = EnrollmentFactory(learner=learner_user.learner_profile).program
    SeminarSessionFactory.create_batch(rows, program=program, status="published")
    client.force_login(learner_user)

    # 2 for the request (the session, the user with their roles), 1 for the learner's
    # enrollments (read once for every block about their programs), 2 for the sessions and
    # their faculty, 1 for their materials, 1 for their patient partners, 2 for what is due and
    # the optional demographic questions (assessments_for_me; a third once a session's
    # evaluation window is open), 1 for the planning teams' link, 2 for the milestone evidence
    # links, 1 for the patient-partner feedback of the learner's programs.
    with django_assert_num_queries(13):
        response = client.get("/my-rotation/")

    assert len(response.context["sessions"]) == rows


def test_faculty_sees_the_published_sessions_they_teach(client, faculty_user):
    member = faculty_user.faculty_profile
    taught = SessionFacultyFactory(faculty_member=member, session__status="published").session
    SessionFacultyFactory(faculty_member=member, session__status="draft")
    SessionFacultyFactory(session__status="published")
    client.force_login(faculty_user)

    response = client.get("/teaching/")

    assert list(response.context["sessions"]) == [taught]
