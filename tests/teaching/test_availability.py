from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.models import RoomBlackout
from rotation.models import Program, ProgramPartner, SeminarSession
from rotation.services.scheduling import schedule_warnings
from teaching.models import FacultyAvailability
from teaching.selectors.availability import availability_warnings, program_days
from teaching.services import set_availability
from tests.factories import (
    FacultyMemberFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db


def at(day: date, hour: int, minute: int = 0) -> datetime:
    zone = timezone.get_current_timezone()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


@pytest.fixture
def concentrated(world):
    program = world.program
    program.start_date = timezone.localdate() + timedelta(days=30)
    program.end_date = program.start_date + timedelta(days=2)
    program.save()
    return program


@pytest.fixture
def distributed(world):
    program = ProgramFactory(
        slug="distributed-2026",
        format=Program.Format.DISTRIBUTED,
        end_date=timezone.localdate() + timedelta(days=200),
        directors=[world.director],
    )
    ProgramPartner.objects.create(program=program, organization=world.organization, role="content")
    first = timezone.localdate() + timedelta(days=40)
    for month in range(3):
        day = first + timedelta(days=28 * month)
        SeminarSessionFactory(program=program, starts_at=at(day, 12), ends_at=at(day, 14))
    SeminarSessionFactory(
        program=program,
        status="cancelled",
        starts_at=at(first + timedelta(days=1), 12),
        ends_at=at(first + timedelta(days=1), 14),
    )
    return program


def test_a_concentrated_program_asks_about_each_seminar_day(concentrated):
    start = concentrated.start_date

    assert program_days(program=concentrated) == [start, start + timedelta(1), start + timedelta(2)]


def test_a_distributed_program_asks_about_each_day_it_meets(distributed):
    first = timezone.localdate() + timedelta(days=40)

    assert program_days(program=distributed) == [
        first,
        first + timedelta(28),
        first + timedelta(56),
    ]


def test_faculty_member_states_availability_per_seminar_day(client, world, concentrated):
    start = concentrated.start_date
    client.force_login(world.faculty_user)

    response = client.post(
        "/teaching/availability/concentrated-2026/",
        {
            f"day_{start:%Y%m%d}": "morning",
            f"day_{start + timedelta(1):%Y%m%d}": "unavailable",
            f"day_{start + timedelta(2):%Y%m%d}": "",
        },
    )

    assert response.url == "/teaching/availability/concentrated-2026/"
    assert dict(
        FacultyAvailability.objects.filter(faculty_member=world.member).values_list("day", "choice")
    ) == {start: "morning", start + timedelta(1): "unavailable"}


def test_saving_again_replaces_and_clears_choices(world, concentrated):
    start = concentrated.start_date
    set_availability(faculty_member=world.member, program=concentrated, choices={start: "morning"})

    set_availability(
        faculty_member=world.member,
        program=concentrated,
        choices={start: "", start + timedelta(1): "all_day"},
    )

    assert list(FacultyAvailability.objects.values_list("day", "choice")) == [
        (start + timedelta(1), "all_day")
    ]


def test_a_day_outside_the_program_or_a_bad_choice_saves_nothing(client, world, concentrated):
    with pytest.raises(ValidationError, match="is not a day of"):
        set_availability(
            faculty_member=world.member,
            program=concentrated,
            choices={
                concentrated.start_date: "all_day",
                concentrated.end_date + timedelta(1): "all_day",
            },
        )
    client.force_login(world.faculty_user)
    response = client.post(
        "/teaching/availability/concentrated-2026/",
        {f"day_{concentrated.start_date:%Y%m%d}": "evenings"},
    )

    assert list(response.context["form"].errors) == [f"day_{concentrated.start_date:%Y%m%d}"]
    assert FacultyAvailability.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("liaison", 403),
        ("director", 403),
        ("faculty_user", 200),
        ("other_faculty_user", 404),  # Lakeview does not partner in this program
    ],
)
def test_availability_page_is_for_faculty_of_the_programs_partners(
    client, world, concentrated, role, expected
):
    assert status_for(client, world, role, "/teaching/availability/concentrated-2026/") == expected


def test_availability_index_lists_the_members_current_programs(client, world, concentrated):
    ProgramFactory(slug="unrelated")
    client.force_login(world.faculty_user)

    response = client.get("/teaching/availability/")

    assert [p.slug for p in response.context["programs"]] == ["concentrated-2026"]


# --- availability_warnings: what the schedule editor shows ------------------------------------


@pytest.fixture
def stated(world, concentrated):
    start = concentrated.start_date
    others = [FacultyMemberFactory(first_name=n, last_name="Example") for n in ("Ann", "Bo", "Cy")]
    set_availability(faculty_member=world.member, program=concentrated, choices={start: "morning"})
    set_availability(faculty_member=others[0], program=concentrated, choices={start: "afternoon"})
    set_availability(faculty_member=others[1], program=concentrated, choices={start: "unavailable"})
    set_availability(faculty_member=others[2], program=concentrated, choices={start: "all_day"})
    return [world.member, *others]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            (9, 0),
            (10, 30),
            [
                "Ann Example is available only from 12:00 on {day}.",
                "Bo Example is not available on {day}.",
            ],
        ),
        (
            (11, 0),
            (12, 30),
            [
                "Maria Alvarez is available only until 12:00 on {day}.",
                "Ann Example is available only from 12:00 on {day}.",
                "Bo Example is not available on {day}.",
            ],
        ),
        (
            (13, 0),
            (14, 0),
            [
                "Maria Alvarez is available only until 12:00 on {day}.",
                "Bo Example is not available on {day}.",
            ],
        ),
    ],
)
def test_availability_warnings_name_each_member_placed_outside_their_availability(
    concentrated, stated, start, end, expected
):
    day = concentrated.start_date

    warnings = availability_warnings(
        faculty_members=stated,
        starts_at=at(day, *start),
        ends_at=at(day, *end),
        program=concentrated,
    )

    label = f"{day:%a} {day.day} {day:%b %Y}"
    assert warnings == [message.format(day=label) for message in expected]


def test_no_warning_without_a_statement_or_for_another_program(world, concentrated, stated):
    day = concentrated.start_date + timedelta(days=1)

    assert (
        availability_warnings(
            faculty_members=stated, starts_at=at(day, 9), ends_at=at(day, 10), program=concentrated
        )
        == []
    )
    assert (
        availability_warnings(
            faculty_members=stated,
            starts_at=at(concentrated.start_date, 9),
            ends_at=at(concentrated.start_date, 10),
            program=world.other_program,
        )
        == []
    )
    assert (
        availability_warnings(
            faculty_members=[], starts_at=at(day, 9), ends_at=at(day, 10), program=concentrated
        )
        == []
    )


def test_availability_warnings_use_one_query(concentrated, stated, django_assert_num_queries):
    day = concentrated.start_date

    with django_assert_num_queries(1):
        availability_warnings(
            faculty_members=stated, starts_at=at(day, 9), ends_at=at(day, 10), program=concentrated
        )


def test_schedule_editor_warnings_include_availability_and_room_closures(
    world, concentrated, stated, django_assert_num_queries
):
    day = concentrated.start_date
    session = SeminarSessionFactory(
        program=concentrated, room=world.room, starts_at=at(day, 13), ends_at=at(day, 14)
    )
    for member in stated:
        SessionFacultyFactory(session=session, faculty_member=member, confirmation="confirmed")
    RoomBlackout.objects.create(room=world.room, date=day, reason="Board retreat")
    sessions = list(SeminarSession.objects.filter(pk=session.pk).select_related("room__site"))
    label = f"{day:%a} {day.day} {day:%b %Y}"

    with django_assert_num_queries(
        3
    ):  # enrollment and partners, faculty with availability, blackouts
        warnings = schedule_warnings(program=concentrated, sessions=sessions)

    assert warnings == {
        session.pk: [
            "Maria Alvarez is available only until 12:00 on " + label + ".",
            "Bo Example is not available on " + label + ".",
            f"Boardroom A is closed on {label} (Board retreat).",
        ]
    }
