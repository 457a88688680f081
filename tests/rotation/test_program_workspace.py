import re
from datetime import date

import pytest
from django.utils import timezone

from rotation.models import ExcusalLetter, Program, ProgramPartner
from tests.factories import (
    EnrollmentFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DIRECTOR_PAGES = [
    "",
    "edit/",
    "schedule/",
    "schedule/?view=grid",
    "schedule/print/",
    "sessions/new/",
    "sessions/series/",
    "topics/",
    "topics/new/",
    "learners/",
    "attendance/",
    "letters/",
]


@pytest.fixture
def other_director(db):
    user = UserFactory(email="other@example.org")
    ProgramFactory(directors=[user])
    return user


@pytest.mark.parametrize("page", DIRECTOR_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("other_director", 403),
        ("faculty_user", 403),
        ("learner_user", 403),
        ("liaison", 403),
        ("director", 200),
        ("staff_user", 200),
    ],
)
def test_director_pages_are_for_this_programs_directors_only(
    client, request, program, page, who, expected
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(f"/programs/{program.slug}/{page}")

    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "action",
    [
        "edit/",
        "schedule/publish/",
        "sessions/new/",
        "sessions/series/",
        "topics/new/",
        "learners/add/",
        "learners/import/",
        "letters/send/",
    ],
)
def test_another_programs_director_cannot_post_to_this_program(
    client, program, other_director, action
):
    client.force_login(other_director)

    response = client.post(f"/programs/{program.slug}/{action}", {})

    assert response.status_code == 403


def test_unknown_program_is_404_for_a_director(client, director):
    client.force_login(director)

    assert client.get("/programs/no-such-program/").status_code == 404


def program_data(**overrides):
    data = {
        "name": "Health Systems Seminar",
        "academic_year": "2026-2027",
        "format": "concentrated",
        "start_date": "2027-03-02",
        "end_date": "2027-03-04",
        "description": "Residents meet health plans.",
        "goals": "Systems-Based Practice.",
        "co_directors": "",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organization": "",
        "partners-0-role": "",
        "partners-1-organization": "",
        "partners-1-role": "",
    }
    return {**data, **overrides}


def test_director_creates_a_program_with_partners_and_a_co_director(client, director):
    plan = OrganizationFactory(name="Keystone Health Plan")
    agency = OrganizationFactory(name="County Public Health")
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(director)

    response = client.post(
        "/programs/new/",
        program_data(
            co_directors="Colleague@example.org",
            **{
                "partners-0-organization": plan.pk,
                "partners-0-role": "host_content",
                "partners-1-organization": agency.pk,
                "partners-1-role": "content",
            },
        ),
    )

    program = Program.objects.get(name="Health Systems Seminar")
    assert response.url == f"/programs/{program.slug}/"
    assert program.slug == "health-systems-seminar-2026-2027"
    assert (program.start_date, program.end_date) == (date(2027, 3, 2), date(2027, 3, 4))
    assert set(program.directors.all()) == {director, colleague}
    assert sorted(program.partnerships.values_list("organization__name", "role")) == [
        ("County Public Health", "content"),
        ("Keystone Health Plan", "host_content"),
    ]


def test_program_form_shows_errors_and_saves_nothing(client, director):
    client.force_login(director)
    before = Program.objects.count()

    response = client.post(
        "/programs/new/",
        program_data(
            academic_year="2026", end_date="2027-03-01", co_directors="nobody@example.org"
        ),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "academic_year": ["Write the academic year as two consecutive years: 2026-2027."],
        "co_directors": ["No account with the address nobody@example.org."],
        "end_date": ["The program must end on or after its first day."],
    }
    assert form["name"].value() == "Health Systems Seminar"
    assert Program.objects.count() == before


def test_editing_a_program_changes_partner_roles_and_removes_partners(client, director, program):
    kept, dropped = OrganizationFactory(), OrganizationFactory()
    ProgramPartner.objects.create(program=program, organization=kept, role="content")
    ProgramPartner.objects.create(program=program, organization=dropped, role="host")
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/edit/",
        program_data(
            name="Renamed",
            **{
                "partners-TOTAL_FORMS": "2",
                "partners-0-organization": kept.pk,
                "partners-0-role": "host_content",
                "partners-1-organization": dropped.pk,
                "partners-1-role": "host",
                "partners-1-DELETE": "on",
            },
        ),
    )

    program.refresh_from_db()
    assert response.status_code == 302
    assert program.name == "Renamed"
    assert list(program.partnerships.values_list("organization", "role")) == [
        (kept.pk, "host_content")
    ]
    assert list(program.directors.all()) == [director]


def test_listing_a_partner_twice_is_refused(client, director):
    plan = OrganizationFactory()
    client.force_login(director)

    response = client.post(
        "/programs/new/",
        program_data(
            **{
                "partners-0-organization": plan.pk,
                "partners-0-role": "host",
                "partners-1-organization": plan.pk,
                "partners-1-role": "content",
            }
        ),
    )

    assert response.context["formset"].non_form_errors() == [f"{plan} is listed twice."]
    assert not Program.objects.filter(name="Health Systems Seminar").exists()


def test_program_home_shows_live_readiness_counts(client, director, program):
    host = OrganizationFactory()
    ProgramPartner.objects.create(program=program, organization=host, role="host")
    content = OrganizationFactory()
    ProgramPartner.objects.create(program=program, organization=content, role="content")
    TopicFactory(program=program)
    room = MeetingRoomFactory(site__organization=host)
    taught = SeminarSessionFactory(program=program, room=room, status="published")
    SessionFacultyFactory(session=taught, confirmation="confirmed")
    SessionFacultyFactory(session=taught, confirmation="confirmed")
    pending = SeminarSessionFactory(program=program, room=None)
    SessionFacultyFactory(session=pending)
    SeminarSessionFactory(program=program, room=None)
    SeminarSessionFactory(program=program, status="cancelled")
    enrollment = EnrollmentFactory(program=program)
    EnrollmentFactory(program=program)
    EnrollmentFactory(program=program, status="withdrawn")
    ExcusalLetter.objects.create(enrollment=enrollment, status="sent")
    client.force_login(director)

    readiness = client.get(f"/programs/{program.slug}/").context["readiness"]

    assert readiness.partners == 2
    assert readiness.hosts == 1
    assert readiness.topics == 1
    assert (readiness.sessions, readiness.published, readiness.drafts) == (3, 1, 2)
    assert readiness.with_room == 1
    assert (readiness.faculty_assigned, readiness.faculty_confirmed) == (3, 2)
    assert readiness.sessions_without_faculty == 1
    assert readiness.sessions_fully_confirmed == 1
    assert readiness.learners == 2
    assert readiness.letters_sent == 1


def test_program_home_uses_a_constant_number_of_queries(
    client, director, program, django_assert_num_queries
):
    client.force_login(director)

    with django_assert_num_queries(9):
        client.get(f"/programs/{program.slug}/")


@pytest.mark.parametrize("rows", [1, 10])
def test_dashboard_uses_a_constant_number_of_queries(
    client, director, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        ProgramFactory(directors=[director])
    for program in director.directed_programs.all():
        SeminarSessionFactory(program=program)
        EnrollmentFactory(program=program)
    client.force_login(director)

    with django_assert_num_queries(3):
        response = client.get("/programs/")

    assert len(response.context["programs"]) == rows


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("faculty_user", 403),
        ("learner_user", 403),
        ("liaison", 403),
        ("director", 200),
        ("staff_user", 200),
    ],
)
def test_directors_and_staff_create_programs(client, request, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get("/programs/new/")

    assert response.status_code == expected


OBJECT_PAGES = [
    "sessions/{session}/edit/",
    "sessions/{session}/attendance/",
    "sessions/{session}/sign-in-sheet.pdf",
    "letters/{enrollment}/preview.pdf",
    "topics/{topic}/edit/",
    "logistics/2027-03-02/",
]


@pytest.mark.parametrize("page", OBJECT_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("other_director", 403),
        ("faculty_user", 403),
        ("learner_user", 403),
        ("director", 200),
    ],
)
def test_pages_about_one_session_learner_or_topic_are_access_checked(
    client, request, program, page, who, expected
):
    url = page.format(
        session=SeminarSessionFactory(program=program).pk,
        enrollment=EnrollmentFactory(program=program).pk,
        topic=TopicFactory(program=program).pk,
    )
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(f"/programs/{program.slug}/{url}")

    assert response.status_code == expected


@pytest.mark.parametrize(
    "action",
    ["sessions/{session}/cancel/", "sessions/{session}/edit/", "sessions/{session}/attendance/"],
)
def test_another_director_cannot_change_this_programs_sessions(
    client, program, other_director, action
):
    session = SeminarSessionFactory(program=program)
    client.force_login(other_director)

    response = client.post(f"/programs/{program.slug}/{action.format(session=session.pk)}", {})

    session.refresh_from_db()
    assert (response.status_code, session.status) == (403, "draft")


TABS = [
    "Overview",
    "Schedule",
    "Topics",
    "Learners",
    "Attendance",
    "Excusal letters",
    "Volunteers",
    "Assessments",
    "Evaluations",
    "Planning team",
    "Reports",
    "Budget",
    "Settings",
]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("", "Overview"),
        ("schedule/", "Schedule"),
        ("schedule/timeline/", "Schedule"),
        ("volunteers/", "Volunteers"),
        ("instruments/", "Assessments"),
        ("evaluations/", "Evaluations"),
        ("reports/", "Reports"),
    ],
)
def test_every_program_page_has_the_whole_tab_row_with_its_own_tab_current(
    client, director, program, path, current
):
    client.force_login(director)

    html = client.get(f"/programs/{program.slug}/{path}").content.decode()

    nav = program_nav(html)
    assert re.findall(r">([^<>]+)</a></li>", nav) == TABS
    assert re.findall(r'aria-current="page">([^<>]+)</a>', nav) == [current]
    assert f'<a href="/programs/{program.slug}/">{program.name}</a>' in nav


def test_an_archived_program_has_no_settings_tab(client, director, program):
    program.archived_at = timezone.now()
    program.save(update_fields=["archived_at"])
    client.force_login(director)

    html = client.get(f"/programs/{program.slug}/schedule/").content.decode()

    assert re.findall(r">([^<>]+)</a></li>", program_nav(html)) == TABS[:-1]
    assert "this program can be read and exported but no longer changed" in html


def program_nav(html: str) -> str:
    return html[
        html.index('<nav class="program-nav"') : html.index("</nav>", html.index("program-nav"))
    ]


def test_faculty_see_one_navigation_bar(client, faculty_user):
    client.force_login(faculty_user)

    html = client.get("/teaching/").content.decode()

    assert html.count("<nav") == 1
    main = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    assert re.findall(r">([^<>]+)</a></li>", main) == [
        "My teaching",
        "Volunteer",
        "Availability",
        "Feedback",
        "Feedback reports",
        "Profile",
        "Calendar",
    ]
