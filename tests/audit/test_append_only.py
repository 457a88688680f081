"""Audit events cannot be changed: not in the admin, and on PostgreSQL not even in SQL."""

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit.models import AuditEvent
from audit.services import record_event, redact_personal_data
from tests.factories import UserFactory
from tests.markers import requires_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(program, director):
    record_event(actor=director, action="session.published", target=program, program=program)
    return AuditEvent.objects.get()


def test_the_admin_may_read_but_not_add_change_or_delete_even_for_superusers(staff_user, recorded):
    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = staff_user
    model_admin = site._registry[AuditEvent]

    assert (
        model_admin.has_view_permission(request, recorded),
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, recorded),
        model_admin.has_delete_permission(request, recorded),
    ) == (True, False, False, False)


def test_the_admin_change_page_shows_the_event_read_only(client, staff_user, recorded):
    client.force_login(staff_user)

    response = client.post(
        f"/admin/audit/auditevent/{recorded.pk}/change/", {"action": "session.cancelled"}
    )

    recorded.refresh_from_db()
    assert (response.status_code, recorded.action) == (403, "session.published")


@requires_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'session.cancelled'",
        "UPDATE audit_auditevent SET actor_label = ''",
        "DELETE FROM audit_auditevent",
    ],
)
def test_postgresql_refuses_changing_or_deleting_events(recorded, statement):
    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    with pytest.raises(DatabaseError, match="audit events are append-only"):
        run()

    assert AuditEvent.objects.values_list("action", "actor_label").get() == (
        "session.published",
        "director@example.org",
    )


@requires_postgresql
def test_deleting_an_account_keeps_its_events_with_the_email(program):
    leaver = UserFactory(email="leaver@example.org")
    record_event(actor=leaver, action="session.published", target=program, program=program)

    leaver.delete()

    assert AuditEvent.objects.values_list("actor", "actor_label").get() == (
        None,
        "leaver@example.org",
    )


@requires_postgresql
def test_postgresql_lets_redaction_rewrite_labels_but_nothing_else(recorded, director):
    with transaction.atomic():
        assert (
            redact_personal_data(replacements={director.email: "d-code@deidentified.invalid"}) == 1
        )
    recorded.refresh_from_db()
    assert (recorded.actor_label, recorded.actor_id) == ("d-code@deidentified.invalid", director.pk)

    def change_the_action_while_redacting():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL audit.redacting = 'on'")
            cursor.execute("UPDATE audit_auditevent SET action = 'session.cancelled'")

    with pytest.raises(DatabaseError, match="audit events are append-only"):
        change_the_action_while_redacting()


@pytest.mark.django_db(transaction=True)
def test_redaction_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the deletion's transaction"):
        redact_personal_data(replacements={"someone@example.org": "code"})
