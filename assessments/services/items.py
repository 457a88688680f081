"""Item writes: add, update, delete and move, each on an editable instrument version."""

from django.db import transaction
from django.db.models import Max

from assessments.models import Choice, Instrument, Item
from assessments.services.instruments import ItemSpec, editable_instrument, validate_item_spec
from audit.changes import diff, snapshot
from audit.services import record_event
from rotation.models import User


def _counterpart(item: Item, instrument: Instrument) -> Item:
    """The same item in another version of its instrument (versions copy positions)."""
    if item.instrument_id == instrument.pk:
        return item
    return instrument.items.get(position=item.position, text=item.text)


AUDITED_ITEM_FIELDS = (
    "position",
    "kind",
    "text",
    "topic",
    "explanation",
    "subscale",
    "is_reverse_scored",
    "scale_labels",
    "is_required",
    "has_retrospective",
)


def _audited_item(item: Item) -> dict:
    """An item as the audit trail compares it; choices as "text" with " (correct)" marked."""
    choices = [f"{c.text} (correct)" if c.is_correct else c.text for c in item.choices.all()]
    return {**snapshot(item, AUDITED_ITEM_FIELDS), "choices": choices}


def _record_item(*, actor, action: str, item: Item, before: dict, after: dict) -> None:
    program = item.instrument.program
    changes = diff(before, after)
    record_event(actor=actor, action=action, target=item, program=program, changes=changes)


def add_item(*, instrument: Instrument, spec: ItemSpec, actor: User | None = None) -> Item:
    validate_item_spec(spec)
    with transaction.atomic():
        instrument, _ = editable_instrument(instrument=instrument, actor=actor)
        last = instrument.items.aggregate(last=Max("position"))["last"]
        item = create_item(instrument=instrument, spec=spec, position=(last or 0) + 1)
        after = _audited_item(item)
        _record_item(actor=actor, action="instrument.item_added", item=item, before={}, after=after)
    return item


def create_item(*, instrument: Instrument, spec: ItemSpec, position: int) -> Item:
    item = Item.objects.create(
        instrument=instrument,
        position=position,
        kind=spec.kind,
        text=spec.text.strip(),
        topic=spec.topic.strip(),
        explanation=spec.explanation.strip(),
        subscale=spec.subscale.strip(),
        is_reverse_scored=spec.is_reverse_scored,
        scale_labels=[label.strip() for label in spec.scale_labels if label.strip()],
        is_required=spec.is_required if spec.kind == Item.Kind.FREE_TEXT else True,
        has_retrospective=spec.has_retrospective,
    )
    Choice.objects.bulk_create(
        Choice(item=item, position=number, text=choice.text.strip(), is_correct=choice.is_correct)
        for number, choice in enumerate(
            (choice for choice in spec.choices if choice.text.strip()), start=1
        )
    )
    return item


def update_item(*, item: Item, spec: ItemSpec, actor: User | None = None) -> Item:
    validate_item_spec(spec)
    with transaction.atomic():
        instrument, _ = editable_instrument(instrument=item.instrument, actor=actor)
        old = _counterpart(item, instrument)
        before = _audited_item(old)
        position = old.position
        old.choices.all().delete()
        old.delete()
        new = create_item(instrument=instrument, spec=spec, position=position)
        after = _audited_item(new)
        if before != after:
            _record_item(
                actor=actor, action="instrument.item_changed", item=new, before=before, after=after
            )
        return new


def delete_item(*, item: Item, actor: User | None = None) -> Instrument:
    with transaction.atomic():
        instrument, _ = editable_instrument(instrument=item.instrument, actor=actor)
        doomed = _counterpart(item, instrument)
        before = _audited_item(doomed)
        _record_item(
            actor=actor, action="instrument.item_removed", item=doomed, before=before, after={}
        )
        doomed.delete()
    return instrument


def move_item(*, item: Item, offset: int, actor: User | None = None) -> Instrument:
    """Move an item up (-1) or down (+1) by swapping it with its neighbour."""
    with transaction.atomic():
        instrument, _ = editable_instrument(instrument=item.instrument, actor=actor)
        items = list(instrument.items.order_by("position", "pk"))
        index = next(i for i, it in enumerate(items) if it.pk == _counterpart(item, instrument).pk)
        other = index + offset
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        before = {each.pk: each.position for each in items}
        for position, each in enumerate(items, start=1):
            each.position = position
        Item.objects.bulk_update(items, ["position"])
        moved = items[other] if 0 <= other < len(items) else None
        if moved is not None and before[moved.pk] != moved.position:
            record_event(
                actor=actor,
                action="instrument.item_moved",
                target=moved,
                program=instrument.program,
                changes={"position": [before[moved.pk], moved.position]},
            )
    return instrument
