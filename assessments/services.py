"""Writes about assessments and evaluations. One place per rule: items are locked once any
response exists (edits make a new version), windows are enforced here, a submitted response is
never changed and submitting twice returns the first submission."""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from assessments.links import LINK_MAX_AGE, personal_link
from assessments.models import (
    Administration,
    Answer,
    Choice,
    CourseEvaluation,
    FacultyRating,
    Instrument,
    Item,
    Notification,
    Response,
    SessionEvaluation,
)
from assessments.selectors import (
    evaluation_settings_for,
    evaluation_window,
    is_instrument_locked,
    non_respondents,
)
from audit.changes import diff, snapshot
from audit.services import record_event
from config.input import parse_whole_number, validate_storable
from config.safe_csv import SafeDictWriter, unquote_cell
from rotation.models import Learner, Program, SeminarSession, User
from rotation.services import describe_time, ensure_program_is_active

MIN_CHOICES, MAX_CHOICES = 3, 6


# --- Instruments and items ----------------------------------------------------------------------


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
    errors += _storable_errors(spec)
    if errors:
        raise ValidationError(errors)


def _storable_errors(spec: ItemSpec) -> list[str]:
    """What the columns would refuse (too long, a NUL): said here, not as a database error."""
    texts = [
        ("text", spec.text, None),
        ("topic", spec.topic, Item._meta.get_field("topic").max_length),
        ("explanation", spec.explanation, None),
        ("subscale", spec.subscale, Item._meta.get_field("subscale").max_length),
        *(("scale label", label, None) for label in spec.scale_labels),
        *(
            (f"option {number}", choice.text, Choice._meta.get_field("text").max_length)
            for number, choice in enumerate(spec.choices, start=1)
        ),
    ]
    errors = []
    for label, text, max_length in texts:
        if max_length is not None and len(text) > max_length:
            errors.append(f"The {label} is {len(text):,} characters long; at most {max_length}.")
        try:
            validate_storable(text)
        except ValidationError as error:
            errors.append(f"The {label}: {error.messages[0]}")
    return errors


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
        item = _create_item(instrument=instrument, spec=spec, position=(last or 0) + 1)
        after = _audited_item(item)
        _record_item(actor=actor, action="instrument.item_added", item=item, before={}, after=after)
    return item


def _create_item(*, instrument: Instrument, spec: ItemSpec, position: int) -> Item:
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
        new = _create_item(instrument=instrument, spec=spec, position=position)
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


# --- CSV import and export ----------------------------------------------------------------------

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
    writer = SafeDictWriter(out, fieldnames=CSV_COLUMNS)
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
        row = {key: unquote_cell(v) if isinstance(v, str) else v for key, v in row.items()}
        try:
            correct = (row.get("correct_option") or "").strip()
            if correct and parse_whole_number(correct) is None:
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
            _create_item(instrument=instrument, spec=spec, position=last + offset)
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


# --- Administrations ----------------------------------------------------------------------------


def default_windows(
    *, program: Program, pre_open_days: int = 14, post_days: int = 14
) -> dict[str, tuple[datetime, datetime]]:
    """Pre opens before the first session and closes at its start; post opens after the last
    session and closes `post_days` later."""
    sessions = SeminarSession.objects.filter(program=program).exclude(status="cancelled")
    first = sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    last = sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if first is None:
        start = timezone.make_aware(
            datetime.combine(program.start_date, datetime.min.time().replace(hour=8))
        )
        end = timezone.make_aware(
            datetime.combine(program.end_date, datetime.min.time().replace(hour=17))
        )
        first, last = start, end
    return {
        Administration.Kind.PRE: (first - timedelta(days=pre_open_days), first),
        Administration.Kind.POST: (last, last + timedelta(days=post_days)),
    }


def schedule_administration(
    *,
    instrument: Instrument,
    kind: str,
    opens_at: datetime,
    closes_at: datetime,
    includes_retrospective: bool = False,
    reminder_days: Iterable[int] = (3, 1),
    actor: User | None = None,
) -> Administration:
    """Create or change the pre or post administration of an instrument."""
    ensure_program_is_active(instrument.program)
    if closes_at <= opens_at:
        raise ValidationError("The window must close after it opens.")
    if kind == Administration.Kind.PRE and includes_retrospective:
        raise ValidationError("Retrospective-pre items belong on the post-assessment.")
    reminder_days = sorted({int(d) for d in reminder_days if int(d) > 0}, reverse=True)
    earlier_pre = Administration.objects.filter(
        instrument__program=instrument.program,
        instrument__key=instrument.key,
        instrument__version__lt=instrument.version,
        kind=Administration.Kind.PRE,
    ).select_related("instrument")
    if kind == Administration.Kind.POST and earlier_pre.exists():
        version = earlier_pre.first().instrument.version
        raise ValidationError(
            f"The pre-assessment was given on version {version}; schedule the post on that "
            "version too, so that pre and post answers pair item by item."
        )
    others = {a.kind: a for a in instrument.administrations.exclude(kind=kind)}
    pre = others.get(Administration.Kind.PRE)
    post = others.get(Administration.Kind.POST)
    if kind == Administration.Kind.POST and pre and opens_at < pre.closes_at:
        raise ValidationError("The post-assessment must open after the pre-assessment closes.")
    if kind == Administration.Kind.PRE and post and closes_at > post.opens_at:
        raise ValidationError("The pre-assessment must close before the post-assessment opens.")
    audited = ("opens_at", "closes_at", "includes_retrospective", "reminder_days")
    with transaction.atomic():
        stored = instrument.administrations.filter(kind=kind).first()
        before = snapshot(stored, audited) if stored else {}
        administration, _ = Administration.objects.update_or_create(
            instrument=instrument,
            kind=kind,
            defaults={
                "opens_at": opens_at,
                "closes_at": closes_at,
                "includes_retrospective": includes_retrospective,
                "reminder_days": reminder_days,
            },
        )
        changes = diff(before, snapshot(administration, audited))
        if changes:
            record_event(
                actor=actor,
                action="administration.scheduled",
                target=administration,
                program=instrument.program,
                changes=changes,
            )
    return administration


# --- Responses ----------------------------------------------------------------------------------


def record_answers_viewed(*, response: Response, viewer: User) -> None:
    """Audit a director's (or staff member's) reading of one learner's answers."""
    with transaction.atomic():
        record_event(
            actor=viewer,
            action="answers.viewed",
            target=response,
            program=response.administration.instrument.program,
        )


def record_named_comments_viewed(*, program: Program, viewer: User) -> None:
    """Audit a reading of the program's session evaluation comments when they carry names."""
    if evaluation_settings_for(program=program).is_anonymous_to_directors:
        return
    with transaction.atomic():
        record_event(
            actor=viewer,
            action="answers.viewed",
            target=program,
            program=program,
            changes={"viewed": [None, "session evaluation comments with names"]},
        )


class WindowClosed(ValidationError):
    pass


class AlreadySubmitted(ValidationError):
    pass


def describe_window(administration: Administration) -> str:
    return describe_time(administration.opens_at, administration.closes_at)


def check_window(*, administration: Administration, now: datetime) -> None:
    if now < administration.opens_at:
        opens = timezone.localtime(administration.opens_at)
        raise WindowClosed(
            f"The {administration.get_kind_display().lower()} opens on "
            f"{opens:%A %-d %B %Y at %H:%M}."
        )
    if now >= administration.closes_at:
        closed = timezone.localtime(administration.closes_at)
        raise WindowClosed(
            f"The {administration.get_kind_display().lower()} closed on "
            f"{closed:%A %-d %B %Y at %H:%M}. Your course director can tell you what to do next."
        )


@dataclass(frozen=True)
class CleanAnswer:
    item: Item
    is_retrospective: bool
    choice: Choice | None = None
    value: int | None = None
    score: int | None = None
    is_correct: bool | None = None
    text: str = ""


def answer_fields(administration: Administration) -> dict[str, tuple[Item, bool]]:
    """Form field name → (item, retrospective) for every question the form asks."""
    fields = {}
    for item in administration.instrument.items.prefetch_related("choices"):
        fields[f"item-{item.pk}"] = (item, False)
        if (
            administration.includes_retrospective
            and item.kind == Item.Kind.ATTITUDE
            and item.has_retrospective
        ):
            fields[f"retro-{item.pk}"] = (item, True)
    return fields


def clean_answer(*, item: Item, is_retrospective: bool, raw: str) -> CleanAnswer | None:
    """The stored form of one raw form value; None for a blank; ValidationError if invalid."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if item.kind == Item.Kind.KNOWLEDGE:
        choice = next((c for c in item.choices.all() if str(c.pk) == raw), None)
        if choice is None:
            raise ValidationError("That option does not belong to this question.")
        return CleanAnswer(
            item=item,
            is_retrospective=False,
            choice=choice,
            score=int(choice.is_correct),
            is_correct=choice.is_correct,
        )
    if item.kind == Item.Kind.ATTITUDE:
        value = parse_whole_number(raw)
        if value is None or not 1 <= value <= item.scale_max:
            raise ValidationError(f"Choose a point from 1 to {item.scale_max}.")
        score = item.scale_max + 1 - value if item.is_reverse_scored else value
        return CleanAnswer(item=item, is_retrospective=is_retrospective, value=value, score=score)
    if len(raw) > 5000:
        raise ValidationError("Please keep the answer under 5,000 characters.")
    validate_storable(raw)
    return CleanAnswer(item=item, is_retrospective=False, text=raw)


def _locked_response(*, administration: Administration, learner: Learner, now: datetime):
    """The learner's response row, created as a draft if needed, locked for this transaction."""
    try:
        with transaction.atomic():
            Response.objects.get_or_create(
                administration=administration,
                learner=learner,
                defaults={"started_at": now, "updated_at": now},
            )
    except IntegrityError:
        pass  # another request created it a moment ago
    return Response.objects.select_for_update().get(administration=administration, learner=learner)


def _store(*, response: Response, answers: Iterable[CleanAnswer], blanks, now) -> None:
    """Upsert the given answers and delete the blanked ones: a constant few queries, however many
    answers a submission carries."""
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                item=answer.item,
                is_retrospective=answer.is_retrospective,
                choice=answer.choice,
                value=answer.value,
                score=answer.score,
                is_correct=answer.is_correct,
                text=answer.text,
                answered_at=now,
            )
            for answer in answers
        ],
        update_conflicts=True,
        unique_fields=["response", "item", "is_retrospective"],
        update_fields=["choice", "value", "score", "is_correct", "text", "answered_at"],
    )
    if blanks:
        blank = Q()
        for item, is_retrospective in blanks:
            blank |= Q(item=item, is_retrospective=is_retrospective)
        response.answers.filter(blank).delete()
    response.updated_at = now
    response.save(update_fields=["updated_at"])


def clean_answers(
    *, administration: Administration, data: Mapping[str, str], only: Iterable[str] | None = None
) -> tuple[list[CleanAnswer], list[tuple[Item, bool]], dict[str, str]]:
    """Valid answers, blanks and per-field errors for the posted `data`."""
    fields = answer_fields(administration)
    names = list(fields) if only is None else list(only)
    unknown = [name for name in names if name not in fields]
    if unknown:
        raise ValidationError("That question is not part of this assessment.")
    answers, blanks, errors = [], [], {}
    for name in names:
        item, retro = fields[name]
        try:
            answer = clean_answer(item=item, is_retrospective=retro, raw=data.get(name, ""))
        except ValidationError as error:
            errors[name] = error.messages[0]
            continue
        if answer is None:
            blanks.append((item, retro))
        else:
            answers.append(answer)
    return answers, blanks, errors


def save_answer(
    *, administration: Administration, learner: Learner, name: str, raw: str, now: datetime
) -> Response:
    """Autosave one answer to the learner's draft (a blank clears it)."""
    ensure_program_is_active(administration.instrument.program)
    check_window(administration=administration, now=now)
    answers, blanks, errors = clean_answers(
        administration=administration, data={name: raw}, only=[name]
    )
    if errors:
        raise ValidationError(errors[name])
    with transaction.atomic():
        response = _locked_response(administration=administration, learner=learner, now=now)
        if response.is_submitted:
            raise AlreadySubmitted("You have already submitted this assessment.")
        _store(response=response, answers=answers, blanks=blanks, now=now)
    return response


@dataclass
class SubmitResult:
    response: Response
    was_already_submitted: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_submitted(self) -> bool:
        return self.response.is_submitted


def submit_response(
    *, administration: Administration, learner: Learner, data: Mapping[str, str], now: datetime
) -> SubmitResult:
    """Save every posted answer, then submit if nothing required is missing. Submitting again
    (double click, back button, retry) changes nothing and reports the first submission."""
    ensure_program_is_active(administration.instrument.program)
    check_window(administration=administration, now=now)
    answers, blanks, errors = clean_answers(administration=administration, data=data)
    with transaction.atomic():
        response = _locked_response(administration=administration, learner=learner, now=now)
        if response.is_submitted:
            return SubmitResult(response=response, was_already_submitted=True)
        _store(response=response, answers=answers, blanks=blanks, now=now)
        stored = list(response.answers.all())
        answered = {(a.item_id, a.is_retrospective) for a in stored}
        fields = answer_fields(administration)
        for name, (item, retro) in fields.items():
            if name not in errors and item.is_required and (item.pk, retro) not in answered:
                errors[name] = "Please answer this question."
        if errors:
            return SubmitResult(response=response, errors=errors)
        scored = [a for a in stored if a.is_correct is not None and not a.is_retrospective]
        response.knowledge_correct = sum(a.is_correct for a in scored)
        response.knowledge_total = sum(
            1 for item, retro in fields.values() if item.kind == Item.Kind.KNOWLEDGE and not retro
        )
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        response.updated_at = now
        response.save()
    return SubmitResult(response=response)


# --- Evaluations --------------------------------------------------------------------------------


def _rating(value, label: str) -> int:
    number = parse_whole_number(str(value)) if value is not None else None
    if number is None or not 1 <= number <= 5:
        raise ValidationError(f"Rate “{label}” from 1 to 5.")
    return number


def evaluate_session(
    *,
    session: SeminarSession,
    learner: Learner,
    overall,
    relevance,
    changed_view,
    faculty_ratings: Mapping[int, object],
    comment: str = "",
    now: datetime,
) -> tuple[SessionEvaluation, bool]:
    """Store one learner's evaluation of a session once; (evaluation, created)."""
    ensure_program_is_active(session.program)
    opens, closes = evaluation_window(session=session)
    if now < opens:
        raise WindowClosed("You can evaluate this session once it has ended.")
    if now >= closes:
        raise WindowClosed(
            f"Evaluations of this session closed on {timezone.localtime(closes):%-d %B %Y}."
        )
    scores = {
        "overall": _rating(overall, "overall quality"),
        "relevance": _rating(relevance, "relevance to your practice"),
        "changed_view": _rating(changed_view, "changed your view"),
    }
    faculty = {
        a.faculty_member_id: a.faculty_member
        for a in session.faculty_assignments.exclude(confirmation="declined").select_related(
            "faculty_member"
        )
    }
    if set(faculty_ratings) - set(faculty):
        raise ValidationError("That faculty member did not teach this session.")
    ratings = {pk: _rating(faculty_ratings.get(pk), str(member)) for pk, member in faculty.items()}
    validate_storable(comment)
    existing = SessionEvaluation.objects.filter(session=session, learner=learner).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            evaluation = SessionEvaluation.objects.create(
                session=session,
                learner=learner,
                comment=comment.strip()[:5000],
                submitted_at=now,
                **scores,
            )
            FacultyRating.objects.bulk_create(
                FacultyRating(evaluation=evaluation, faculty_member_id=pk, effectiveness=score)
                for pk, score in ratings.items()
            )
    except IntegrityError:
        return SessionEvaluation.objects.get(session=session, learner=learner), False
    return evaluation, True


def evaluate_course(
    *,
    program: Program,
    learner: Learner,
    overall,
    most_valuable: str = "",
    least_valuable: str = "",
    topics_to_add: str = "",
    now: datetime,
) -> tuple[CourseEvaluation, bool]:
    ensure_program_is_active(program)
    last_end = (
        SeminarSession.objects.filter(program=program)
        .exclude(status="cancelled")
        .aggregate(last=Max("ends_at"))["last"]
    )
    if last_end is None or now < last_end:
        raise WindowClosed("The end-of-course evaluation opens after the last session.")
    overall = _rating(overall, "overall rating")
    for text in (most_valuable, least_valuable, topics_to_add):
        validate_storable(text)
    try:
        with transaction.atomic():
            evaluation, created = CourseEvaluation.objects.get_or_create(
                program=program,
                learner=learner,
                defaults={
                    "overall": overall,
                    "most_valuable": most_valuable.strip()[:5000],
                    "least_valuable": least_valuable.strip()[:5000],
                    "topics_to_add": topics_to_add.strip()[:5000],
                    "submitted_at": now,
                },
            )
    except IntegrityError:
        return CourseEvaluation.objects.get(program=program, learner=learner), False
    return evaluation, created


# --- Invitations and reminders ------------------------------------------------------------------


def _notify(*, administration: Administration, learners, key: str, now: datetime) -> int:
    """Email each learner once per key; the unique Notification row makes reruns send nothing."""
    already = set(
        Notification.objects.filter(administration=administration, key=key).values_list(
            "learner_id", flat=True
        )
    )
    sent = 0
    for learner in learners:
        if learner.pk in already or learner.user is None:
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(
                    administration=administration, learner=learner, key=key, sent_at=now
                )
                _send_notification_email(administration=administration, learner=learner, key=key)
        except IntegrityError:
            continue  # a simultaneous run got there first
        sent += 1
    return sent


def _send_notification_email(*, administration: Administration, learner: Learner, key: str):
    take = reverse("assessments:take", args=[administration.pk])
    link = settings.SITE_URL.rstrip("/") + personal_link(user=learner.user, next_url=take)
    context = {
        "administration": administration,
        "learner": learner,
        "link": link,
        "is_reminder": key != "invitation",
        "closes_at": timezone.localtime(administration.closes_at),
        "link_hours": LINK_MAX_AGE // 3600,
    }
    kind = administration.get_kind_display().lower()
    subject = (
        f"Reminder: your {kind} closes {context['closes_at']:%-d %B}"
        if context["is_reminder"]
        else f"Your {kind} is open"
    )
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        message=render_to_string("assessments/email/notification.txt", context),
        from_email=None,
        recipient_list=[learner.user.email],
    )


def send_invitations(*, administration: Administration, now: datetime) -> int:
    if not administration.is_open(now):
        return 0
    learners = Learner.objects.filter(
        enrollments__program_id=administration.instrument.program_id,
        enrollments__status="enrolled",
    ).select_related("user")
    return _notify(administration=administration, learners=learners, key="invitation", now=now)


def send_reminders(*, administration: Administration, key: str, now: datetime) -> int:
    """Remind only those who have not submitted; once per learner and key."""
    if not administration.is_open(now):
        return 0
    learners = non_respondents(administration=administration).select_related("user")
    return _notify(administration=administration, learners=learners, key=key, now=now)


def due_reminder_key(*, administration: Administration, now: datetime) -> str | None:
    """The reminder whose day has come (the nearest to closing), e.g. 'reminder-1d'."""
    due = [
        days
        for days in administration.reminder_days
        if administration.closes_at - timedelta(days=days) <= now
    ]
    return f"reminder-{min(due)}d" if due else None


def send_due_notifications(*, now: datetime) -> dict[str, int]:
    """What celery beat runs: invitations for open windows, reminders whose day has come."""
    counts = {"invitations": 0, "reminders": 0}
    for administration in Administration.objects.filter(
        opens_at__lte=now, closes_at__gt=now, instrument__program__archived_at__isnull=True
    ).select_related("instrument"):
        counts["invitations"] += send_invitations(administration=administration, now=now)
        key = due_reminder_key(administration=administration, now=now)
        if key:
            counts["reminders"] += send_reminders(administration=administration, key=key, now=now)
    return counts
