import time
from datetime import datetime

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from config.celery import app
from rotation.models import SeminarSession
from rotation.services.publishing import publish_schedule
from rotation.services.scheduling import cancel_session, restore_session, schedule_session
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    ProgramFactory,
    UserFactory,
)
from tests.markers import requires_broker


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def cohort(db):
    program = ProgramFactory(name="Spring Mini-Rotation", directors=[UserFactory()])
    room = MeetingRoomFactory(name="Boardroom A", site__address="1200 Market Street")
    member = FacultyMemberFactory(email="maria@plan.example.org", first_name="Maria")
    EnrollmentFactory(program=program, learner=LearnerFactory(email="ana@hospital.example.org"))
    EnrollmentFactory(program=program, learner=LearnerFactory(email="ben@hospital.example.org"))
    EnrollmentFactory(
        program=program,
        learner=LearnerFactory(email="gone@hospital.example.org"),
        status="withdrawn",
    )
    taught = schedule_session(
        program=program,
        title="Quality",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=room,
        faculty=[(member, "lead")],
    )
    other = schedule_session(program=program, title="Cost", starts_at=at(2, 11), ends_at=at(2, 12))
    return {"program": program, "room": room, "taught": taught, "other": other}


@pytest.mark.django_db
def test_publishing_announces_the_schedule_to_learners_and_faculty_after_commit(
    client, cohort, django_capture_on_commit_callbacks
):
    program = cohort["program"]
    client.force_login(program.directors.get())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/programs/{program.slug}/schedule/publish/", follow=True)

    assert len(callbacks) == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Published 2 sessions; 2 learners and 1 faculty member are being emailed."
    ]
    assert set(program.sessions.values_list("status", flat=True)) == {"published"}
    assert program.sessions.filter(published_at__isnull=True).count() == 0
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == [
        "ana@hospital.example.org",
        "ben@hospital.example.org",
        "maria@plan.example.org",
    ]
    assert by_recipient["ana@hospital.example.org"].subject == (
        "[Mini-Rotation] Schedule published: Spring Mini-Rotation"
    )
    assert by_recipient["ana@hospital.example.org"].body == (
        "New sessions of Spring Mini-Rotation are published. Your upcoming schedule (new ones "
        "marked NEW):\n\n"
        "- NEW Quality: Tue 2 Mar 2027, 09:00–10:00, Boardroom A (1200 Market Street)\n"
        "- NEW Cost: Tue 2 Mar 2027, 11:00–12:00, room to be announced\n\n"
        "Sign in to Mini-Rotation to see the whole schedule or to subscribe to it in your "
        "calendar.\n\n"
    )
    faculty_body = by_recipient["maria@plan.example.org"].body
    assert "- NEW Quality: Tue 2 Mar 2027" in faculty_body
    assert "Cost" not in faculty_body


@pytest.mark.django_db
def test_a_later_publication_lists_the_whole_upcoming_schedule_and_marks_the_new_session(
    cohort, django_capture_on_commit_callbacks
):
    publish_schedule(program=cohort["program"])
    mail.outbox.clear()
    schedule_session(
        program=cohort["program"], title="Equity", starts_at=at(3, 9), ends_at=at(3, 10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        publish_schedule(program=cohort["program"])

    lines = [line for line in mail.outbox[0].body.splitlines() if line.startswith("- ")]
    assert [message.to[0] for message in mail.outbox] == [
        "ana@hospital.example.org",
        "ben@hospital.example.org",
    ]
    assert lines == [
        "- Quality: Tue 2 Mar 2027, 09:00–10:00, Boardroom A (1200 Market Street)",
        "- Cost: Tue 2 Mar 2027, 11:00–12:00, room to be announced",
        "- NEW Equity: Wed 3 Mar 2027, 09:00–10:00, room to be announced",
    ]


@pytest.mark.django_db
def test_past_sessions_are_published_quietly_and_left_out_of_notices(
    cohort, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(at(2, 10, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        published = publish_schedule(program=cohort["program"])

    lines = [line for line in mail.outbox[0].body.splitlines() if line.startswith("- ")]
    assert len(published) == 2
    assert [message.to[0] for message in mail.outbox] == [
        "ana@hospital.example.org",
        "ben@hospital.example.org",
    ]
    assert lines == ["- NEW Cost: Tue 2 Mar 2027, 11:00–12:00, room to be announced"]


@pytest.mark.django_db
def test_publishing_only_past_sessions_emails_nobody(
    client, cohort, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2, 13), tick=False):
        client.force_login(cohort["program"].directors.get())
        preview = client.get(f"/programs/{cohort['program'].slug}/schedule/publish/")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/programs/{cohort['program'].slug}/schedule/publish/", follow=True
            )

    assert preview.context["preview"].announced == []
    assert "Nobody: every session to publish is already past." in preview.content.decode()
    assert [str(m) for m in response.context["messages"]] == [
        "Published 2 sessions; they are all in the past, so nobody is emailed."
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_publish_preview_lists_drafts_and_who_is_emailed(
    client, cohort, django_assert_num_queries
):
    client.force_login(cohort["program"].directors.get())

    with django_assert_num_queries(6):
        response = client.get(f"/programs/{cohort['program'].slug}/schedule/publish/")

    preview = response.context["preview"]
    assert [session.title for session in preview.drafts] == ["Quality", "Cost"]
    assert [session.title for session in preview.announced] == ["Quality", "Cost"]
    assert len(preview.learners) == 2
    assert preview.faculty == [
        "Maria " + cohort["taught"].faculty_assignments.get().faculty_member.last_name
    ]
    assert SeminarSession.objects.filter(status="draft").count() == 2


@pytest.mark.django_db
def test_no_email_is_queued_before_the_transaction_commits(cohort):
    publish_schedule(program=cohort["program"])

    assert mail.outbox == []


@pytest.mark.django_db
def test_publishing_twice_publishes_and_sends_nothing_new(
    client, cohort, django_capture_on_commit_callbacks
):
    program = cohort["program"]
    publish_schedule(program=program)
    client.force_login(program.directors.get())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/programs/{program.slug}/schedule/publish/", follow=True)

    assert callbacks == []
    assert [str(m) for m in response.context["messages"]] == [
        "There are no draft sessions to publish."
    ]


@pytest.mark.django_db
def test_changing_a_published_sessions_time_and_room_emails_a_summary(
    cohort, django_capture_on_commit_callbacks
):
    taught = cohort["taught"]
    publish_schedule(program=cohort["program"])
    taught.refresh_from_db()
    new_room = MeetingRoomFactory(name="Training Room 3")

    with django_capture_on_commit_callbacks(execute=True):
        schedule_session(
            program=cohort["program"],
            session=taught,
            title="Quality",
            starts_at=at(3, 9),
            ends_at=at(3, 10, 30),
            room=new_room,
            faculty=[(taught.faculty.get(), "lead")],
        )

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@hospital.example.org",
        "ben@hospital.example.org",
        "maria@plan.example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "[Mini-Rotation] Changed: Quality"
    assert (
        "What changed:\n"
        "- Time: Tue 2 Mar 2027, 09:00–10:00 → Wed 3 Mar 2027, 09:00–10:30\n"
        f"- Room: {cohort['room']} → {new_room}\n"
    ) in message.body


@pytest.mark.django_db
def test_cancelling_a_published_session_tells_everyone(cohort, django_capture_on_commit_callbacks):
    publish_schedule(program=cohort["program"])
    taught = SeminarSession.objects.get(pk=cohort["taught"].pk)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=taught)

    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject == "[Mini-Rotation] Cancelled: Quality"
    assert "- The session is cancelled." in mail.outbox[0].body


@pytest.mark.django_db
def test_restoring_a_published_session_tells_everyone_it_takes_place(
    cohort, django_capture_on_commit_callbacks
):
    publish_schedule(program=cohort["program"])
    taught = SeminarSession.objects.get(pk=cohort["taught"].pk)
    cancel_session(session=taught)

    with django_capture_on_commit_callbacks(execute=True):
        restore_session(session=taught)

    taught.refresh_from_db()
    assert (taught.status, len(mail.outbox)) == ("published", 3)
    assert "- The session is no longer cancelled: it takes place." in mail.outbox[0].body


@pytest.mark.django_db
def test_changing_a_draft_or_only_its_title_sends_nothing(
    cohort, django_capture_on_commit_callbacks
):
    taught = cohort["taught"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        schedule_session(
            program=cohort["program"],
            session=taught,
            title="Quality, renamed",
            starts_at=at(4, 9),
            ends_at=at(4, 10),
        )
        cancel_session(session=cohort["other"])

    assert (callbacks, mail.outbox) == ([], [])


@pytest.mark.django_db
def test_learners_see_the_session_only_once_it_is_published(client, cohort):
    learner = cohort["program"].enrollments.filter(status="enrolled").first().learner
    learner.user = UserFactory(email=learner.email)
    learner.save()
    client.force_login(learner.user)

    before = list(client.get("/my-rotation/").context["sessions"])
    publish_schedule(program=cohort["program"])
    after = list(client.get("/my-rotation/").context["sessions"])

    assert (before, [s.title for s in after]) == ([], ["Quality", "Cost"])


@requires_broker
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_publication_emails_travel_through_the_broker_to_a_real_worker(cohort):
    import celery.contrib.testing.tasks  # noqa: F401 -- registers the ping task the worker checks

    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        publish_schedule(program=cohort["program"])  # autocommit: queued at once
        deadline = time.monotonic() + 20
        while len(mail.outbox) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@hospital.example.org",
        "ben@hospital.example.org",
        "maria@plan.example.org",
    ]
