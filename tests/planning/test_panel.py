from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from planning.models import ActionItem, ActionReminder, AdvisoryMeeting
from planning.panel.selectors import reminder_kind
from planning.panel.services import queue_action_reminders
from planning.selectors import open_actions, own_open_actions
from planning.tasks import queue_action_reminders as queue_task
from planning.tasks import send_action_reminder
from rotation.services.programs import archive_program
from tests.factories import OrganizationFactory, ProgramFactory, UserFactory
from tests.planning.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
MEETING = {
    "title": "Spring panel",
    "starts_at": "2026-03-02T16:00",
    "place": "Boardroom A",
    "video_link": "",
    "agenda": "1. Evaluations",
    "minutes": "",
    "decisions": "",
}


def make_meeting(program=None, **fields) -> AdvisoryMeeting:
    values = {
        "title": "Spring panel",
        "starts_at": timezone.now(),
        "place": "Boardroom A",
        **fields,
    }
    return AdvisoryMeeting.objects.create(program=program, **values)


def make_action(meeting, owner, due_on, **fields) -> ActionItem:
    return ActionItem.objects.create(
        meeting=meeting, description="Find a reviewer", owner=owner, due_on=due_on, **fields
    )


# --- Meetings -----------------------------------------------------------------------------------


def test_a_director_schedules_a_program_meeting_which_is_audited(client, world):
    client.force_login(world.director)

    response = client.post(f"/programs/{world.program.slug}/planning/meetings/new/", MEETING)

    meeting = AdvisoryMeeting.objects.get()
    event = AuditEvent.objects.get(action="meeting.created")
    assert response.url == f"/planning/meetings/{meeting.pk}/"
    assert (meeting.program, meeting.title, meeting.place, meeting.created_by) == (
        world.program,
        "Spring panel",
        "Boardroom A",
        world.director,
    )
    assert timezone.localtime(meeting.starts_at) == datetime(2026, 3, 2, 16, tzinfo=NEW_YORK)
    assert (event.actor, event.program, event.target_label) == (
        world.director,
        world.program,
        "Spring panel",
    )


def test_a_meeting_needs_a_place_or_a_video_link(client, world):
    client.force_login(world.director)

    response = client.post(
        f"/programs/{world.program.slug}/planning/meetings/new/", {**MEETING, "place": "  "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "place": ["Give the meeting a place or a video link."]
    }
    assert AdvisoryMeeting.objects.count() == 0


def test_an_archived_programs_meetings_cannot_be_changed(client, world):
    meeting = make_meeting(world.program)
    archive_program(program=world.program)
    client.force_login(world.director)

    response = client.post(
        f"/planning/meetings/{meeting.pk}/edit/", {**MEETING, "title": "Renamed"}
    )

    meeting.refresh_from_db()
    assert meeting.title == "Spring panel"
    assert response.context["form"].non_field_errors() == [
        "Concentrated 2026 is archived: it can be read but no longer changed. "
        "Site staff can unarchive it."
    ]


def test_partnership_meetings_are_seen_by_every_member_and_liaison_and_run_by_directors(
    client, world
):
    meeting = make_meeting(title="Partnership council")
    other_liaison = UserFactory()
    OrganizationFactory().liaisons.add(other_liaison)
    member_elsewhere = TeamMemberFactory(user=UserFactory())  # on another program's team
    other_director = UserFactory()
    ProgramFactory().directors.add(other_director)
    url = f"/planning/meetings/{meeting.pk}/"

    statuses = {}
    for name, user in [
        ("liaison elsewhere", other_liaison),
        ("member elsewhere", member_elsewhere.user),
        ("other director", other_director),
        ("resident", world.resident),
    ]:
        client.force_login(user)
        statuses[name] = (
            client.get(url).status_code,
            client.get(f"{url}edit/").status_code,
        )

    assert statuses == {
        "liaison elsewhere": (200, 403),
        "member elsewhere": (200, 403),
        "other director": (200, 200),
        "resident": (403, 403),
    }


def test_a_programs_meeting_is_seen_by_its_team_only(client, world):
    meeting = make_meeting(world.program)
    other_liaison = UserFactory()
    OrganizationFactory().liaisons.add(other_liaison)

    client.force_login(other_liaison)
    outsider = client.get(f"/planning/meetings/{meeting.pk}/").status_code
    client.force_login(world.liaison)
    member = client.get(f"/planning/meetings/{meeting.pk}/").status_code

    assert (outsider, member) == (403, 200)


def test_the_director_records_who_was_invited_and_who_attended(client, world):
    meeting = make_meeting(world.program)
    invited_only = TeamMemberFactory(
        program=world.program, user=None, joined_at=None, name="Pat Okafor"
    )
    client.force_login(world.director)

    response = client.post(
        f"/planning/meetings/{meeting.pk}/attendance/",
        {
            f"member-{world.liaison_member.pk}": "attended",
            f"member-{invited_only.pk}": "invited",
            f"user-{world.director.pk}": "attended",
        },
    )

    attendees = sorted(
        (a.name, a.attended, a.user_id, a.member_id) for a in meeting.attendees.all()
    )
    assert response.url == f"/planning/meetings/{meeting.pk}/"
    assert attendees == sorted(
        [
            (world.liaison_member.name, True, world.liaison.pk, world.liaison_member.pk),
            ("Pat Okafor", False, None, invited_only.pk),
            (str(world.director), True, world.director.pk, None),
        ]
    )
    assert AuditEvent.objects.filter(action="meeting.attendance_recorded").count() == 1


# --- Action items -------------------------------------------------------------------------------


def test_a_director_adds_an_action_and_its_owner_marks_it_done(client, world):
    meeting = make_meeting(world.program)
    client.force_login(world.director)
    client.post(
        f"/planning/meetings/{meeting.pk}/actions/",
        {"description": "Find a reviewer", "owner": world.liaison.pk, "due_on": "2026-04-01"},
    )
    action = ActionItem.objects.get()
    client.force_login(world.resident)
    refused = client.post(f"/planning/actions/{action.pk}/done/").status_code

    client.force_login(world.liaison)
    response = client.post(f"/planning/actions/{action.pk}/done/", {"back": "my_planning"})

    action.refresh_from_db()
    assert (action.owner, action.due_on, action.status) == (
        world.liaison,
        date(2026, 4, 1),
        "done",
    )
    assert (refused, response.url, action.done_by) == (403, "/planning/", world.liaison)
    assert action.done_at is not None
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "meeting.action_added",
        "meeting.action_done",
    ]


def test_a_members_open_actions_are_on_their_planning_pages(client, world):
    meeting = make_meeting(world.program)
    mine = make_action(meeting, world.liaison, date(2026, 4, 1))
    make_action(meeting, world.liaison, date(2026, 4, 2), status="done", done_at=timezone.now())
    make_action(meeting, world.director, date(2026, 4, 3))
    client.force_login(world.liaison)

    home = client.get("/planning/")
    plan = client.get(f"/programs/{world.program.slug}/planning/")

    assert [a.pk for a in home.context["my_actions"]] == [mine.pk]
    assert [a.pk for a in plan.context["my_actions"]] == [mine.pk]
    assert "Find a reviewer" in plan.content.decode()


@time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=NEW_YORK), tick=False)
def test_own_open_actions_are_read_with_their_meeting_soonest_due_first(world):
    council = make_meeting(title="Council")
    later = make_action(council, world.liaison, date(2026, 4, 9))
    overdue = make_action(make_meeting(world.program), world.liaison, date(2026, 4, 1))
    make_action(council, world.liaison, date(2026, 4, 4), status="done", done_at=timezone.now())
    make_action(council, world.director, date(2026, 4, 5))

    actions = own_open_actions(user=world.liaison)

    assert [
        (a.pk, a.meeting_title, a.program_name, a.is_overdue, a.owner, a.owner_id) for a in actions
    ] == [
        (overdue.pk, "Spring panel", world.program.name, True, world.liaison, world.liaison.pk),
        (later.pk, "Council", None, False, world.liaison, world.liaison.pk),
    ]
    assert [a.is_overdue for a in actions] == [overdue.is_overdue, later.is_overdue]


def test_open_actions_are_counted_by_organization_program_or_partnership(world):
    meeting = make_meeting(world.program)
    council = make_meeting(title="Council")
    by_liaison = make_action(meeting, world.liaison, date(2026, 4, 1))
    council_action = make_action(council, world.liaison, date(2026, 4, 2))
    directors = make_action(meeting, world.director, date(2026, 4, 3))
    make_action(meeting, world.liaison, date(2026, 4, 4), status="done", done_at=timezone.now())

    assert list(open_actions(organization=world.organization)) == [by_liaison, council_action]
    assert list(open_actions(program=world.program)) == [by_liaison, directors]
    assert list(open_actions(partnership_wide=True)) == [council_action]
    assert open_actions(organization=OrganizationFactory()).count() == 0


# --- Reminders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2026, 3, 24), None),
        (date(2026, 3, 25), "week"),
        (date(2026, 3, 30), "week"),
        (date(2026, 3, 31), "day"),
        (date(2026, 4, 1), "day"),
        (date(2026, 4, 2), "overdue"),
        (date(2026, 9, 1), "overdue"),
    ],
)
def test_which_reminder_is_due(today, kind):
    assert reminder_kind(due_on=date(2026, 4, 1), today=today) == kind


def run_beat(capture, day: date) -> None:
    moment = datetime(day.year, day.month, day.day, 7, tzinfo=NEW_YORK)
    with time_machine.travel(moment), capture(execute=True):
        queue_task.apply()


def test_an_owner_gets_each_reminder_once_however_often_the_job_runs(
    world, django_capture_on_commit_callbacks
):
    meeting = make_meeting(world.program)
    action = make_action(meeting, world.liaison, date(2026, 4, 1))
    done = make_action(
        meeting, world.liaison, date(2026, 4, 1), status="done", done_at=timezone.now()
    )

    for day in [date(2026, 3, 20), date(2026, 3, 25), date(2026, 3, 26), date(2026, 3, 31)]:
        run_beat(django_capture_on_commit_callbacks, day)
        run_beat(django_capture_on_commit_callbacks, day)
    run_beat(django_capture_on_commit_callbacks, date(2026, 4, 1))
    run_beat(django_capture_on_commit_callbacks, date(2026, 4, 2))
    run_beat(django_capture_on_commit_callbacks, date(2026, 4, 9))

    assert [m.subject for m in mail.outbox] == [
        "[Mini-Rotation] Action item is due on 1 April 2026: Find a reviewer",
        "[Mini-Rotation] Action item is due on 1 April 2026: Find a reviewer",
        "[Mini-Rotation] Action item was due on 1 April 2026: Find a reviewer",
    ]
    assert {tuple(m.to) for m in mail.outbox} == {(world.liaison.email,)}
    assert f"/planning/meetings/{meeting.pk}/" in mail.outbox[0].body
    assert sorted(action.reminders.values_list("kind", flat=True)) == ["day", "overdue", "week"]
    assert all(r.sent_at for r in ActionReminder.objects.all())
    assert done.reminders.count() == 0


def test_no_reminder_for_an_action_done_before_its_mail_went_out(
    world, django_capture_on_commit_callbacks
):
    action = make_action(make_meeting(world.program), world.liaison, date(2026, 4, 1))
    with time_machine.travel(datetime(2026, 3, 25, 7, tzinfo=NEW_YORK)):
        queued = queue_action_reminders(now=timezone.now())  # outside capture: not relayed yet
        action.status, action.done_at = "done", timezone.now()
        action.save()
        sent = send_action_reminder.apply(kwargs={"reminder_id": action.reminders.get().pk}).result

    assert (queued, sent, len(mail.outbox)) == (1, 0, 0)


def test_no_reminders_for_an_archived_programs_actions(world, django_capture_on_commit_callbacks):
    make_action(make_meeting(world.program), world.liaison, date(2026, 4, 1))
    archive_program(program=world.program)

    run_beat(django_capture_on_commit_callbacks, date(2026, 3, 31))

    assert (len(mail.outbox), ActionReminder.objects.count()) == (0, 0)


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 5])
def test_the_meeting_lists_use_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for n in range(rows):
        meeting = make_meeting(world.program, title=f"Panel {n}")
        make_action(meeting, world.liaison, date(2026, 4, 1))
        make_meeting(title=f"Council {n}")
    client.force_login(world.liaison)

    # a member is not asked whether they direct the program (they direct none)
    with django_assert_num_queries(5):
        program_page = client.get(f"/programs/{world.program.slug}/planning/meetings/")
    # whether they joined any planning team is read with the user
    with django_assert_num_queries(5):
        partnership_page = client.get("/planning/meetings/")

    assert len(program_page.context["meetings"]) == len(partnership_page.context["meetings"])
    assert program_page.context["meetings"][0].open_action_count == 1


@pytest.mark.parametrize("rows", [1, 5])
def test_the_actions_list_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for n in range(rows):
        meeting = make_meeting(world.program if n % 2 else None, title=f"Panel {n}")
        make_action(meeting, world.liaison, date(2026, 4, 1))
    client.force_login(world.liaison)

    with django_assert_num_queries(3):  # whether they joined a planning team is read with them
        response = client.get("/planning/actions/")

    assert len(response.context["actions"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_meeting_page_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    meeting = make_meeting(world.program)
    for _ in range(rows):
        make_action(meeting, world.liaison, date(2026, 4, 1))
        TeamMemberFactory(program=world.program, user=UserFactory())
    client.force_login(world.director)

    with django_assert_num_queries(10):
        response = client.get(f"/planning/meetings/{meeting.pk}/")

    assert len(response.context["record"].actions) == rows
