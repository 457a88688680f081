"""Factories for assessments; `build_instrument` makes a small realistic instrument."""

from datetime import timedelta

import factory
from django.utils import timezone

from assessments.models import Administration, Choice, Instrument, Item, Response
from assessments.selectors.responses import form_items
from tests.factories import ProgramFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    program = factory.SubFactory(ProgramFactory)
    key = factory.Sequence(lambda n: f"sbp-{n}")
    title = "Systems-Based Practice"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    instrument = factory.SubFactory(InstrumentFactory)
    position = factory.Sequence(lambda n: n)
    kind = Item.Kind.ATTITUDE
    text = factory.Sequence(lambda n: f"Statement {n}")


class AdministrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Administration

    instrument = factory.SubFactory(InstrumentFactory)
    kind = Administration.Kind.PRE
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=6))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    administration = factory.SubFactory(AdministrationFactory)
    started_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


def build_instrument(program=None, *, knowledge=2, attitude=2, free_text=1, **kwargs):
    """Knowledge items (3 options, the second correct), attitude items (the last one
    reverse-scored, all asked retrospectively) and optional free-text items."""
    instrument = InstrumentFactory(program=program or ProgramFactory(), **kwargs)
    position = 0
    for number in range(knowledge):
        position += 1
        item = Item.objects.create(
            instrument=instrument,
            position=position,
            kind=Item.Kind.KNOWLEDGE,
            text=f"Knowledge question {number + 1}",
            topic="Quality" if number % 2 == 0 else "Payment",
            explanation=f"Because of reason {number + 1}.",
        )
        for option in range(3):
            Choice.objects.create(
                item=item, position=option, text=f"Option {option + 1}", is_correct=option == 1
            )
    for number in range(attitude):
        position += 1
        Item.objects.create(
            instrument=instrument,
            position=position,
            kind=Item.Kind.ATTITUDE,
            text=f"Attitude statement {number + 1}",
            subscale="Partnership",
            is_reverse_scored=number == attitude - 1,
            has_retrospective=True,
        )
    for number in range(free_text):
        position += 1
        Item.objects.create(
            instrument=instrument,
            position=position,
            kind=Item.Kind.FREE_TEXT,
            text=f"Free text {number + 1}",
            is_required=False,
        )
    return instrument


def complete_answers(administration, *, correct=True, likert="4"):
    """Form data answering every question of the administration."""
    data = {}
    for item in form_items(administration=administration):
        if item.kind == Item.Kind.KNOWLEDGE:
            choice = next(c for c in item.choices.all() if c.is_correct == correct)
            data[f"item-{item.pk}"] = str(choice.pk)
        elif item.is_scaled:
            data[f"item-{item.pk}"] = likert
            if administration.includes_retrospective and item.has_retrospective:
                data[f"retro-{item.pk}"] = "2"
        else:
            data[f"item-{item.pk}"] = "A thought."
    return data
