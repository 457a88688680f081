import pytest
from django.db import transaction

from audit.changes import snapshot
from audit.models import AuditEvent
from audit.services import audited
from partners.models import MeetingRoom
from tests.factories import MeetingRoomFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_is_recorded_with_what_changed(director):
    room = MeetingRoomFactory(name="Care transitions")

    with audited(actor=director, action="room.changed", target=room, fields=("name",)):
        room.name = "Transitions of care"
        room.save()

    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == (
        "room.changed",
        {"name": ["Care transitions", "Transitions of care"]},
    )


def test_nothing_is_recorded_when_nothing_changed(director):
    room = MeetingRoomFactory(name="Care transitions")

    with audited(actor=director, action="room.changed", target=room, fields=("name",)):
        room.save()

    assert AuditEvent.objects.count() == 0


def test_a_new_target_is_recorded_as_created_with_every_field(director, program):
    room = MeetingRoom(site=SiteFactory(), name="Population health", capacity=12)

    with audited(
        actor=director,
        action="room.changed",
        created_action="room.created",
        target=room,
        fields=("name",),
        program=program,
    ):
        room.save()

    event = AuditEvent.objects.get()
    assert (event.action, event.target_id, event.program, event.changes) == (
        "room.created",
        str(room.pk),
        program,
        {"name": [None, "Population health"]},
    )


def test_the_stored_state_can_be_given_when_the_target_holds_unsaved_edits(director):
    room = MeetingRoomFactory(name="Care transitions")
    stored = snapshot(MeetingRoom.objects.get(pk=room.pk), ("name",))
    room.name = "Edited in a form"

    with audited(
        actor=director, action="room.changed", target=room, fields=("name",), before=stored
    ):
        room.save()

    assert AuditEvent.objects.get().changes == {"name": ["Care transitions", "Edited in a form"]}


def test_a_failing_block_rolls_back_its_change_and_records_nothing(director):
    room = MeetingRoomFactory(name="Care transitions")

    def rename_then_fail():
        with audited(actor=director, action="room.changed", target=room, fields=("name",)):
            MeetingRoom.objects.filter(pk=room.pk).update(name="Half-written")
            raise RuntimeError("the write after this failed")

    with pytest.raises(RuntimeError):
        rename_then_fail()

    room.refresh_from_db()
    assert (room.name, AuditEvent.objects.count()) == ("Care transitions", 0)


def test_it_joins_the_callers_transaction(director):
    room = MeetingRoomFactory(name="Care transitions")

    def rename_then_fail_later():
        with transaction.atomic():
            with audited(actor=director, action="room.changed", target=room, fields=("name",)):
                room.name = "Renamed"
                room.save()
            raise RuntimeError("the caller's later step failed")

    with pytest.raises(RuntimeError):
        rename_then_fail_later()

    assert AuditEvent.objects.count() == 0
