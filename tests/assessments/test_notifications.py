import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from assessments import tasks
from assessments.models import Notification
from assessments.services.reminders import due_reminder_key
from tests.assessments.factories import AdministrationFactory, ResponseFactory, build_instrument
from tests.factories import EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pre():
    return AdministrationFactory(
        instrument=build_instrument(),
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=8),
        reminder_days=[3, 1],
    )


@pytest.fixture
def learners(pre):
    program = pre.instrument.program
    return [
        EnrollmentFactory(program=program, learner__user=UserFactory()).learner for _ in range(3)
    ]


def test_nothing_is_sent_before_the_window_opens(pre, learners):
    assert tasks.send_due_notifications() == {"invitations": 0, "reminders": 0}
    assert mail.outbox == []


def test_invitations_go_out_once_when_the_window_opens(pre, learners):
    with time_machine.travel(pre.opens_at + timedelta(minutes=5)):
        first = tasks.send_due_notifications()
        second = tasks.send_due_notifications()

    assert (first, second) == (
        {"invitations": 3, "reminders": 0},
        {"invitations": 0, "reminders": 0},
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(x.user.email for x in learners)
    assert mail.outbox[0].subject == "[Mini-Rotation] Your pre-assessment is open"


def test_reminders_skip_respondents_and_a_second_run_sends_nothing(pre, learners):
    ResponseFactory(
        administration=pre, learner=learners[0], status="submitted", submitted_at=pre.opens_at
    )
    ResponseFactory(administration=pre, learner=learners[1])  # a draft still gets reminded
    Notification.objects.bulk_create(
        Notification(administration=pre, learner=x, key="invitation", sent_at=pre.opens_at)
        for x in learners
    )

    with time_machine.travel(pre.closes_at - timedelta(days=3) + timedelta(minutes=1)):
        first = tasks.send_due_notifications()
        second = tasks.send_due_notifications()

    assert (first["reminders"], second["reminders"]) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [learners[1].user.email, learners[2].user.email]
    )
    assert set(
        Notification.objects.filter(key="reminder-3d").values_list("learner", flat=True)
    ) == {
        learners[1].pk,
        learners[2].pk,
    }


def test_the_reminder_task_run_twice_sends_once(pre, learners):
    with time_machine.travel(pre.opens_at + timedelta(hours=1)):
        tasks.send_reminders(administration_id=pre.pk, key="manual-2026-11-23")
        tasks.send_reminders(administration_id=pre.pk, key="manual-2026-11-23")

    assert len(mail.outbox) == 3


def test_the_reminder_task_for_a_deleted_administration_does_nothing():
    assert tasks.send_reminders(administration_id=999_999, key="manual") == 0


@pytest.mark.parametrize(
    ("before_closing", "key"),
    [
        (timedelta(days=4), None),
        (timedelta(days=2), "reminder-3d"),
        (timedelta(hours=5), "reminder-1d"),
    ],
)
def test_the_due_reminder_is_the_nearest_to_closing(pre, before_closing, key):
    now = pre.closes_at - before_closing

    assert due_reminder_key(administration=pre, now=now) == key


def test_the_email_carries_a_personal_link_that_signs_in(client, pre, learners):
    with time_machine.travel(pre.opens_at + timedelta(minutes=5)):
        tasks.send_due_notifications()
        message = next(m for m in mail.outbox if m.to == [learners[0].user.email])
        path = re.search(r"http://127\.0\.0\.1:8000(/assessments/link/\S+/)", message.body)[1]
        response = client.post(path)

    assert (response.status_code, response.url) == (302, f"/assessments/{pre.pk}/")
    assert int(client.session["_auth_user_id"]) == learners[0].user.pk
