"""The one way audit events are written. Callers record inside the transaction of the change
they describe, so an event exists exactly when its change was committed."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Subquery
from django.utils import timezone

from audit.actions import ACTIONS
from audit.changes import json_safe
from audit.models import AuditEvent


def record_event(
    *,
    actor,
    action: str,
    target: models.Model,
    program=None,
    changes: dict | None = None,
) -> None:
    """Record that `actor` (None: the system) did `action` to `target`. Refuses to run outside a
    transaction, so that no event can outlive a change that rolled back."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to audit.actions.ACTIONS.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change.")
    is_person = actor is not None and actor.is_authenticated
    AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if is_person else None,
        actor_label=actor.email if is_person else "",
        action=action,
        target_type_id=_content_type_id(target),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        program=program,
        changes=json_safe(changes or {}),
    )


def _content_type_id(target: models.Model) -> Subquery:
    """The target's content type, looked up inside the INSERT: one query per event whether or
    not this process has cached content types yet, so that pages keep a fixed query count."""
    meta = target._meta.concrete_model._meta
    matching = ContentType.objects.filter(app_label=meta.app_label, model=meta.model_name)
    return Subquery(matching.values("pk")[:1])
