"""Instrument writes: creating, versioning, copying and the editable-version rule."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from assessments.models import Choice, Instrument, Item
from assessments.selectors.lookups import is_instrument_locked
from audit.changes import diff, snapshot
from audit.services import record_event
from rotation.models import Program, User
from rotation.services.programs import ensure_program_is_active

MIN_CHOICES, MAX_CHOICES = 3, 6


@dataclass
class ChoiceSpec:
    text: str
    is_correct: bool = False


@dataclass
class ItemSpec:
    kind: str
    text: str
    topic: str = ""
    explanation: str = ""
    subscale: str = ""
    is_reverse_scored: bool = False
    scale_labels: list[str] = field(default_factory=list)
    is_required: bool = True
    has_retrospective: bool = False
    choices: list[ChoiceSpec] = field(default_factory=list)


def validate_item_spec(spec: ItemSpec) -> None:
    """Raise a ValidationError saying what is wrong with this item, if anything."""
    errors = []
    if spec.kind not in Item.Kind.values:
        raise ValidationError(f"Unknown item kind “{spec.kind}”.")
    if not spec.text.strip():
        errors.append("The item needs a question or statement.")
    if spec.kind == Item.Kind.KNOWLEDGE:
        choices = [choice for choice in spec.choices if choice.text.strip()]
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            errors.append(
                f"A knowledge item needs {MIN_CHOICES} to {MAX_CHOICES} options; "
                f"it has {len(choices)}."
            )
        correct = sum(choice.is_correct for choice in choices)
        if correct != 1:
            errors.append(f"Exactly one option must be correct; {correct} are marked correct.")
    elif spec.choices:
        errors.append("Only knowledge items have options.")
    if (
        spec.kind == Item.Kind.ATTITUDE
        and spec.scale_labels
        and len(spec.scale_labels)
        not in {
            4,
            5,
            7,
        }
    ):
        errors.append("A Likert scale has 4, 5 or 7 labels.")
    if spec.kind != Item.Kind.ATTITUDE and (spec.has_retrospective or spec.is_reverse_scored):
        errors.append("Only attitude items can be reverse-scored or asked retrospectively.")
    if errors:
        raise ValidationError(errors)


def create_instrument(
    *, program: Program, title: str, description: str = "", actor: User | None = None
) -> Instrument:
    ensure_program_is_active(program)
    with transaction.atomic():
        instrument = _new_instrument(program=program, title=title, description=description)
        record_event(
            actor=actor,
            action="instrument.created",
            target=instrument,
            program=program,
            changes=diff({}, snapshot(instrument, ("title", "description"))),
        )
    return instrument


def _new_instrument(*, program: Program, title: str, description: str) -> Instrument:
    base = _slug(title)
    taken = set(Instrument.objects.filter(program=program).values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return Instrument.objects.create(program=program, key=key, title=title, description=description)


def _slug(text: str) -> str:
    return slugify(text)[:70] or "instrument"


def _copy_items(*, source: Instrument, target: Instrument) -> None:
    items = list(source.items.prefetch_related("choices"))
    new_items = Item.objects.bulk_create(
        [
            Item(
                instrument=target,
                position=item.position,
                kind=item.kind,
                text=item.text,
                topic=item.topic,
                explanation=item.explanation,
                subscale=item.subscale,
                is_reverse_scored=item.is_reverse_scored,
                scale_labels=item.scale_labels,
                is_required=item.is_required,
                has_retrospective=item.has_retrospective,
            )
            for item in items
        ]
    )
    Choice.objects.bulk_create(
        Choice(item=new, position=c.position, text=c.text, is_correct=c.is_correct)
        for old, new in zip(items, new_items, strict=True)
        for c in old.choices.all()
    )


def create_new_version(*, instrument: Instrument, actor: User | None = None) -> Instrument:
    """Copy a locked instrument's items into its next version, which becomes the current one."""
    ensure_program_is_active(instrument.program)
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        if hasattr(instrument, "next_version"):
            return instrument.next_version
        Instrument.objects.filter(pk=instrument.pk).update(is_current=False)
        new = Instrument.objects.create(
            program=instrument.program,
            key=instrument.key,
            version=instrument.version + 1,
            title=instrument.title,
            description=instrument.description,
            previous=instrument,
        )
        _copy_items(source=instrument, target=new)
        record_event(
            actor=actor,
            action="instrument.versioned",
            target=new,
            program=new.program,
            changes={"version": [instrument.version, new.version]},
        )
    return new


def copy_instrument(
    *, source: Instrument, program: Program, actor: User | None = None
) -> Instrument:
    """The item bank across years: a fresh version-1 instrument in `program` with the same items."""
    ensure_program_is_active(program)
    with transaction.atomic():
        new = _new_instrument(program=program, title=source.title, description=source.description)
        _copy_items(source=source, target=new)
        record_event(
            actor=actor,
            action="instrument.copied",
            target=new,
            program=program,
            changes={"copied from": [None, f"{source} – {source.program}"]},
        )
    return new


def editable_instrument(
    *, instrument: Instrument, actor: User | None = None
) -> tuple[Instrument, bool]:
    """The instrument to edit: itself, or its next version when responses lock it. Earlier
    versions are kept exactly as they were given."""
    ensure_program_is_active(instrument.program)
    if not Instrument.objects.filter(pk=instrument.pk, is_current=True).exists():
        raise ValidationError(
            f"Version {instrument.version} is kept as it was given; make changes in the "
            "current version."
        )
    if is_instrument_locked(instrument=instrument):
        return create_new_version(instrument=instrument, actor=actor), True
    return instrument, False
