from datetime import UTC, date, datetime, time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.changes import diff, json_safe, snapshot
from audit.models import AuditEvent
from audit.services import record_event
from rotation.models import Program
from tests.factories import MeetingRoomFactory, SeminarSessionFactory

pytestmark = pytest.mark.django_db


def test_an_event_keeps_who_what_and_on_what(director, program):
    record_event(
        actor=director,
        action="session.cancelled",
        target=program,
        program=program,
        changes={"status": ["published", "cancelled"]},
    )

    event = AuditEvent.objects.get()
    assert (
        event.actor,
        event.actor_label,
        event.action,
        event.target_type,
        event.target_id,
        event.target_label,
        event.program,
        event.changes,
    ) == (
        director,
        "director@example.org",
        "session.cancelled",
        ContentType.objects.get_for_model(Program),
        str(program.pk),
        str(program),
        program,
        {"status": ["published", "cancelled"]},
    )


def test_an_event_without_an_actor_is_the_systems(program):
    record_event(actor=None, action="session.published", target=program)

    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_label, event.changes) == (None, "", {})


def test_an_unknown_action_is_refused(program):
    with pytest.raises(ValueError, match=r"Unknown audit action 'session\.renamed'"):
        record_event(actor=None, action="session.renamed", target=program)

    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    program = SeminarSessionFactory().program

    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_event(actor=None, action="session.published", target=program)

    assert AuditEvent.objects.count() == 0


def test_an_event_of_a_change_that_rolls_back_is_rolled_back_with_it(program):
    def change_that_fails_after_its_event():
        with transaction.atomic():
            record_event(actor=None, action="session.published", target=program)
            raise ValidationError("refused")

    with pytest.raises(ValidationError):
        change_that_fails_after_its_event()

    assert AuditEvent.objects.count() == 0


def test_values_are_stored_json_safe_in_local_time():
    room = MeetingRoomFactory(name="Board Room", site__name="Main")

    assert json_safe(
        {
            "when": datetime(2027, 3, 2, 14, 0, tzinfo=UTC),
            "day": date(2027, 3, 2),
            "opens": time(8, 30),
            "room": room,
            "labels": ("Agree", None),
        }
    ) == {
        "when": "2027-03-02T09:00-05:00",
        "day": "2027-03-02",
        "opens": "08:30",
        "room": "Board Room (Main)",
        "labels": ["Agree", None],
    }


def test_snapshot_and_diff_name_only_what_changed():
    room = MeetingRoomFactory(name="Board Room", capacity=12, av_equipment="")
    before = snapshot(room, ["name", "capacity", "av_equipment", "bookable_from"])
    room.capacity, room.bookable_from = 20, time(8)

    assert diff(before, snapshot(room, ["name", "capacity", "av_equipment", "bookable_from"])) == {
        "capacity": [12, 20],
        "bookable_from": [None, "08:00"],
    }


def test_diff_of_nothing_to_something_lists_only_filled_fields():
    assert diff({}, {"title": "Quality", "description": "", "faculty": []}) == {
        "title": [None, "Quality"]
    }
