"""The one way audit events are written. Callers record inside the transaction of the change
they describe, so an event exists exactly when its change was committed."""

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from audit.actions import ACTIONS
from audit.changes import diff, json_safe, snapshot
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


def record_events(
    *,
    actor,
    action: str,
    targets: Sequence[models.Model],
    program=None,
    changes: dict | None = None,
) -> None:
    """`record_event` for many targets of one model that underwent the same change (a roster
    import enrolls thousands), in one INSERT per thousand events; the same refusals."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to audit.actions.ACTIONS.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_events must run inside the transaction of the change.")
    if not targets:
        return
    is_person = actor is not None and actor.is_authenticated
    occurred_at = timezone.now()
    target_type = ContentType.objects.get_for_model(targets[0], for_concrete_model=True)
    safe_changes = json_safe(changes or {})
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                occurred_at=occurred_at,
                actor=actor if is_person else None,
                actor_label=actor.email if is_person else "",
                action=action,
                target_type=target_type,
                target_id=str(target.pk),
                target_label=str(target)[:300],
                program=program,
                changes=safe_changes,
            )
            for target in targets
        ),
        batch_size=1000,
    )


@contextmanager
def audited(
    *,
    actor,
    action: str,
    target: models.Model,
    fields: Iterable[str] = (),
    describe: Callable[[models.Model], dict] | None = None,
    before: dict | None = None,
    created_action: str | None = None,
    program=None,
) -> Iterator[None]:
    """Run the block in one transaction with the event it causes: `target`'s state (its
    `fields`, or what `describe(target)` returns) before and after, diffed, recorded as `action`
    when anything changed, or as `created_action` (default `action`) when the block saved a new
    `target`. Pass `before` when `target` already holds unsaved edits (a bound form's
    instance): the stored state the edits replace."""
    describe = describe or (lambda instance: snapshot(instance, fields))
    is_new = target.pk is None
    with transaction.atomic():
        if before is None:
            before = {} if is_new else describe(target)
        yield
        changes = diff(before, describe(target))
        if is_new or changes:
            record_event(
                actor=actor,
                action=(created_action or action) if is_new else action,
                target=target,
                program=program,
                changes=changes,
            )


def _content_type_id(target: models.Model) -> Subquery:
    """The target's content type, looked up inside the INSERT: one query per event whether or
    not this process has cached content types yet, so that pages keep a fixed query count."""
    meta = target._meta.concrete_model._meta
    matching = ContentType.objects.filter(app_label=meta.app_label, model=meta.model_name)
    return Subquery(matching.values("pk")[:1])


def redact_personal_data(*, replacements: dict[str, str]) -> int:
    """Replace a deleted person's name and email by their code in every event that mentions them,
    inside the deletion's transaction. The only change the append-only trigger lets through:
    labels and changes, nothing else. Returns the number of events rewritten."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("redact_personal_data must run inside the deletion's transaction.")
    replacements = {old: new for old, new in replacements.items() if len(old) >= 3}
    mentions = models.Q()
    for old in replacements:
        mentions |= (
            models.Q(actor_label__icontains=old)
            | models.Q(target_label__icontains=old)
            | models.Q(changes_text__icontains=old)
        )
    if not mentions:
        return 0
    events = list(
        AuditEvent.objects.annotate(changes_text=Cast("changes", models.TextField())).filter(
            mentions
        )
    )
    for event in events:
        event.actor_label = _replace(event.actor_label, replacements)
        event.target_label = _replace(event.target_label, replacements)
        event.changes = json.loads(_replace(json.dumps(event.changes), replacements))
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL audit.redacting = 'on'")
    AuditEvent.objects.bulk_update(events, ["actor_label", "target_label", "changes"])
    return len(events)


def _replace(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = re.sub(re.escape(old), new, text, flags=re.IGNORECASE)
    return text
