"""Response writes: windows, answer cleaning, autosave and submission."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import Administration, Answer, Choice, Item, Response
from assessments.selectors.evaluations import evaluation_settings_for
from assessments.selectors.responses import form_items
from audit.services import record_event
from config.input import parse_whole_number, validate_storable
from rotation.models import Learner, Program, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.scheduling import describe_time


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
    for item in form_items(administration=administration):
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
    if item.is_scaled:
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


def save_answers(
    *, administration: Administration, learner: Learner, data: Mapping[str, str], now: datetime
) -> dict[str, str]:
    """Save the answers of one page of a long form to the draft (Next, Back: the way without
    autosave). The questions posted are stored, blanks cleared; returns their errors, if any."""
    ensure_program_is_active(administration.instrument.program)
    check_window(administration=administration, now=now)
    names = [name for name in answer_fields(administration) if name in data]
    answers, blanks, errors = clean_answers(administration=administration, data=data, only=names)
    with transaction.atomic():
        response = _locked_response(administration=administration, learner=learner, now=now)
        if response.is_submitted:
            raise AlreadySubmitted("You have already submitted this assessment.")
        _store(response=response, answers=answers, blanks=blanks, now=now)
    return errors


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
