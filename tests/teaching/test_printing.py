import pytest
from django.utils import timezone

from audit.models import AuditEvent
from teaching.models import PrintingRecord

pytestmark = pytest.mark.django_db


def test_liaison_records_printing_and_bad_input_is_refused(client, world, taught):
    client.force_login(world.liaison)

    client.post("/partners/keystone/printing/", {"program": taught.pk, "pages": 40}, follow=True)
    bad = client.post(
        "/partners/keystone/printing/", {"program": taught.pk, "pages": 0}, follow=True
    )
    foreign = client.post(
        "/partners/keystone/printing/", {"program": world.other_program.pk, "pages": 5}, follow=True
    )

    assert (
        PrintingRecord.objects.filter(organization=world.organization, program=taught).count() == 3
    )
    assert [str(m) for m in bad.context["messages"]] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert [str(m) for m in foreign.context["messages"]] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_recorded_printing_is_audited_for_the_program(client, world, taught):
    client.force_login(world.liaison)

    client.post(
        "/partners/keystone/printing/",
        {"program": taught.pk, "pages": 40, "description": "Handouts"},
    )

    record = PrintingRecord.objects.get(pages=40)
    event = AuditEvent.objects.get(action="printing.recorded")
    assert (event.actor, event.program, event.target_type.model_class(), event.target_id) == (
        world.liaison,
        taught,
        PrintingRecord,
        str(record.pk),
    )
    assert event.changes == {"pages": [None, 40], "description": [None, "Handouts"]}


def test_printing_for_an_archived_program_is_refused_with_a_message(client, world, taught):
    taught.archived_at = timezone.now()
    taught.save(update_fields=["archived_at"])
    client.force_login(world.liaison)

    response = client.post(
        "/partners/keystone/printing/", {"program": taught.pk, "pages": 40}, follow=True
    )

    assert PrintingRecord.objects.filter(pages=40).count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        f"{taught.name} is archived: it can be read but no longer changed. "
        "Site staff can unarchive it."
    ]
