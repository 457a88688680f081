import pytest

from rotation.models import Attendance, SeminarSession
from rotation.selectors.learner import (
    enrolled_programs_of,
    enrollments_of,
    my_rotation_sessions,
    program_sessions_of,
)
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

    assert [s.pk for s in response.context["sessions"]] == [published.pk]


@pytest.fixture
def enrolled_and_withdrawn(learner_user):
    """A learner enrolled in one program and withdrawn from another, present at one session of
    each, absent from one, with a draft session and another program's session beside them."""
    learner = learner_user.learner_profile
    enrolled = EnrollmentFactory(learner=learner).program
    withdrawn = EnrollmentFactory(learner=learner, status="withdrawn").program
    first = SeminarSessionFactory(program=enrolled, status="published", title="First")
    second = SeminarSessionFactory(program=withdrawn, status="published", title="Second")
    third = SeminarSessionFactory(program=enrolled, status="published", title="Third")
    SeminarSessionFactory(program=enrolled, status="draft", title="Draft")
    SeminarSessionFactory(status="published", title="Another program")
    Attendance.objects.create(session=first, learner=learner, status="present")
    Attendance.objects.create(session=second, learner=learner, status="present")
    Attendance.objects.create(session=third, learner=learner, status="absent")
    return learner, enrolled, withdrawn


def test_program_sessions_are_the_published_ones_of_every_enrollment_with_presence(
    enrolled_and_withdrawn, django_assert_num_queries
):
    learner, enrolled, withdrawn = enrolled_and_withdrawn
    enrollments = list(enrollments_of(learner=learner))

    with django_assert_num_queries(1):
        sessions = program_sessions_of(learner=learner, enrollments=enrollments)
        shown = [(s.title, s.program.name, s.was_present) for s in sessions]

    assert shown == [
        ("First", enrolled.name, True),
        ("Second", withdrawn.name, True),
        ("Third", enrolled.name, False),
    ]


def test_my_rotation_sessions_are_those_of_enrolled_programs_with_their_faculty(
    enrolled_and_withdrawn, django_assert_num_queries
):
    learner, enrolled, withdrawn = enrolled_and_withdrawn
    first = SeminarSession.objects.get(program=enrolled, title="First")
    SessionFacultyFactory(session=first, faculty_member__last_name="Kim")
    SessionFacultyFactory(session=first, role="panelist", faculty_member__last_name="Abel")
    SessionFacultyFactory(session=first, faculty_member__last_name="Alder")
    SessionFacultyFactory(session=first, confirmation="declined")
    SessionFacultyFactory(session__program=withdrawn, session__status="published")
    enrollments = list(enrollments_of(learner=learner))

    with django_assert_num_queries(1):
        program_sessions = program_sessions_of(learner=learner, enrollments=enrollments)
        sessions = my_rotation_sessions(
            program_sessions=program_sessions, programs=enrolled_programs_of(enrollments)
        )

    assert [
        (s.title, [(card.full_name.split()[-1], card.role_note) for card in s.faculty_to_meet])
        for s in sessions
    ] == [
        ("First", [("Alder", ""), ("Kim", ""), ("Abel", "panelist")]),
        ("Third", []),
    ]


def test_my_rotation_counts_the_hours_of_a_program_the_learner_withdrew_from(
    client, learner_user, enrolled_and_withdrawn
):
    _, _, withdrawn = enrolled_and_withdrawn
    client.force_login(learner_user)

    page = client.get("/my-rotation/").content.decode()

    assert f"<li>{withdrawn.name} ({withdrawn.academic_year}):" in page
    assert "· 1 of 1 hours attended;" in page
    assert "· 1 of 2 hours attended;" in page


@pytest.mark.parametrize("rows", [1, 5])
def test_my_rotation_uses_a_constant_number_of_queries(
    client, learner_user, rows, django_assert_num_queries
):
    program = EnrollmentFactory(learner=learner_user.learner_profile).program
    SeminarSessionFactory.create_batch(rows, program=program, status="published")
    client.force_login(learner_user)

    # 2 for the request (the session, the user with their roles and whether they joined a
    # planning team, for the planning teams' link), 1 for the learner's
    # enrollments and 1 for the published sessions of their programs (read once for every block
    # about their programs, the milestone evidence's hours too, with their faculty), 1 for the
    # materials of the sessions shown, 1 for their patient partners with their feedback
    # (the patient-partner feedback of the learner's programs), 1 for what is due and the
    # optional demographic questions (learner_programs_of; 1 more once a session's evaluation
    # window is open); the milestone evidence links read the posts only once the learner
    # submitted one.
    with django_assert_num_queries(7):
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
