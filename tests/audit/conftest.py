import pytest

from tests.factories import ProgramFactory, UserFactory


@pytest.fixture
def other_director(db):
    user = UserFactory(email="other.director@example.org")
    ProgramFactory(directors=[user])
    return user


def audit_rows(**filters):
    """(actor email or None, action, target label, changes) of the matching events, oldest first."""
    from audit.models import AuditEvent

    return [
        (
            event.actor.email if event.actor else None,
            event.action,
            event.target_label,
            event.changes,
        )
        for event in AuditEvent.objects.filter(**filters).select_related("actor").order_by("pk")
    ]
