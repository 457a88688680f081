"""Items as CSV: export, parse and import."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from assessments.models import Instrument
from assessments.services.instruments import (
    MAX_CHOICES,
    ChoiceSpec,
    ItemSpec,
    editable_instrument,
    validate_item_spec,
)
from assessments.services.items import create_item
from audit.services import record_event
from rotation.models import User

CSV_COLUMNS = [
    "kind",
    "text",
    "topic",
    "explanation",
    "subscale",
    "reverse_scored",
    "required",
    "retrospective",
    "scale_labels",
    *[f"option_{n}" for n in range(1, MAX_CHOICES + 1)],
    "correct_option",
]


def export_items_csv(*, instrument: Instrument) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for item in instrument.items.prefetch_related("choices"):
        row = {
            "kind": item.kind,
            "text": item.text,
            "topic": item.topic,
            "explanation": item.explanation,
            "subscale": item.subscale,
            "reverse_scored": "yes" if item.is_reverse_scored else "no",
            "required": "yes" if item.is_required else "no",
            "retrospective": "yes" if item.has_retrospective else "no",
            "scale_labels": "|".join(item.scale_labels),
            "correct_option": "",
        }
        for number, choice in enumerate(item.choices.all(), start=1):
            row[f"option_{number}"] = choice.text
            if choice.is_correct:
                row["correct_option"] = str(number)
        writer.writerow(row)
    return out.getvalue()


def _yes(value: str | None, default: bool) -> bool:
    value = (value or "").strip().lower()
    if not value:
        return default
    if value in {"yes", "y", "true", "1"}:
        return True
    if value in {"no", "n", "false", "0"}:
        return False
    raise ValidationError(f"“{value}” is neither yes nor no.")


def parse_items_csv(text: str) -> list[ItemSpec]:
    """Every row as an ItemSpec, or one ValidationError listing every bad row by number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"kind", "text"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(f"The CSV has no column {', '.join(sorted(missing))}.")
    specs, errors = [], []
    for line, row in enumerate(reader, start=2):
        try:
            correct = (row.get("correct_option") or "").strip()
            if correct and not correct.isdigit():
                raise ValidationError("correct_option must be an option number.")
            spec = ItemSpec(
                kind=(row.get("kind") or "").strip(),
                text=row.get("text") or "",
                topic=row.get("topic") or "",
                explanation=row.get("explanation") or "",
                subscale=row.get("subscale") or "",
                is_reverse_scored=_yes(row.get("reverse_scored"), False),
                is_required=_yes(row.get("required"), True),
                has_retrospective=_yes(row.get("retrospective"), False),
                scale_labels=[x for x in (row.get("scale_labels") or "").split("|") if x.strip()],
                choices=[
                    ChoiceSpec(text=row.get(f"option_{n}") or "", is_correct=str(n) == correct)
                    for n in range(1, MAX_CHOICES + 1)
                    if (row.get(f"option_{n}") or "").strip()
                ],
            )
            validate_item_spec(spec)
            specs.append(spec)
        except ValidationError as error:
            errors.extend(f"Row {line}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    if not specs:
        raise ValidationError("The CSV has no items.")
    return specs


def import_items_csv(
    *, instrument: Instrument, text: str, actor: User | None = None
) -> tuple[Instrument, int]:
    """Append the CSV's items; all or nothing."""
    specs = parse_items_csv(text)
    with transaction.atomic():
        instrument, _ = editable_instrument(instrument=instrument, actor=actor)
        last = instrument.items.aggregate(last=Max("position"))["last"] or 0
        imported = [
            create_item(instrument=instrument, spec=spec, position=last + offset)
            for offset, spec in enumerate(specs, start=1)
        ]
        record_event(
            actor=actor,
            action="instrument.items_imported",
            target=instrument,
            program=instrument.program,
            changes={"items": [None, [item.text for item in imported]]},
        )
    return instrument, len(specs)
