"""record_events: the bulk form of record_event (a roster import enrolls thousands)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from audit.models import AuditEvent
from audit.services import record_events
from rotation.models import Enrollment
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_event_per_target_with_the_same_change(director, program):
    enrollments = [EnrollmentFactory(program=program) for _ in range(3)]

    with transaction.atomic():
        record_events(
            actor=director,
            action="enrollment.enrolled",
            targets=enrollments,
            program=program,
            changes={"status": [None, "enrolled"]},
        )

    rows = AuditEvent.objects.order_by("pk").values_list(
        "actor_label", "action", "target_type", "target_id", "target_label", "changes"
    )
    assert list(rows) == [
        (
            "director@example.org",
            "enrollment.enrolled",
            ContentType.objects.get_for_model(Enrollment).pk,
            str(enrollment.pk),
            str(enrollment),
            {"status": [None, "enrolled"]},
        )
        for enrollment in enrollments
    ]


def test_it_refuses_to_run_outside_a_transaction_or_with_an_unknown_action(program):
    enrollment = EnrollmentFactory(program=program)

    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_events(actor=None, action="enrollment.enrolled", targets=[enrollment])
    with pytest.raises(ValueError, match="Unknown audit action"), transaction.atomic():
        record_events(actor=None, action="enrollment.teleported", targets=[enrollment])
    assert AuditEvent.objects.count() == 0
