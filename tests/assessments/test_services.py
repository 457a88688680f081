from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from assessments.models import Administration, Answer, Choice, Instrument, Item, Response
from assessments.services.administrations import default_windows, schedule_administration
from assessments.services.instruments import ChoiceSpec, ItemSpec, copy_instrument
from assessments.services.item_csv import export_items_csv, import_items_csv
from assessments.services.items import add_item, delete_item, move_item
from assessments.services.responses import (
    AlreadySubmitted,
    WindowClosed,
    save_answer,
    submit_response,
)
from tests.assessments.factories import (
    AdministrationFactory,
    ResponseFactory,
    build_instrument,
    complete_answers,
)
from tests.factories import EnrollmentFactory, LearnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pre():
    return AdministrationFactory(instrument=build_instrument())


@pytest.fixture
def learner(pre):
    return EnrollmentFactory(program=pre.instrument.program).learner


def submit(administration, learner, data, now=None):
    return submit_response(
        administration=administration, learner=learner, data=data, now=now or timezone.now()
    )


def test_one_response_per_learner_per_administration_is_enforced_by_the_database(pre, learner):
    ResponseFactory(administration=pre, learner=learner)

    with pytest.raises(IntegrityError):
        ResponseFactory(administration=pre, learner=learner)


def test_a_choice_item_cannot_have_two_correct_options_in_the_database(pre):
    item = pre.instrument.items.filter(kind="knowledge").first()

    with pytest.raises(IntegrityError):
        Choice.objects.create(item=item, text="Also right", is_correct=True)


def test_submit_stores_every_answer_with_scores(pre, learner):
    result = submit(pre, learner, complete_answers(pre))

    response = result.response
    assert (response.status, response.knowledge_correct, response.knowledge_total) == (
        "submitted",
        2,
        2,
    )
    scores = list(
        Answer.objects.filter(response=response)
        .order_by("item__position")
        .values_list("item__kind", "score", "is_correct")
    )
    # Attitude "4" scores 4, and 2 on the reverse-scored statement (5 + 1 - 4).
    assert scores == [
        ("knowledge", 1, True),
        ("knowledge", 1, True),
        ("attitude", 4, None),
        ("attitude", 2, None),
        ("free_text", None, None),
    ]


def test_resubmit_creates_no_second_response_and_changes_nothing(pre, learner):
    first = submit(pre, learner, complete_answers(pre)).response

    again = submit(pre, learner, complete_answers(pre, correct=False))

    assert again.was_already_submitted is True
    assert again.response.pk == first.pk
    assert Response.objects.filter(learner=learner).count() == 1
    assert Answer.objects.filter(response=first, is_correct=True).count() == 2


def test_a_submitted_response_refuses_autosave(pre, learner):
    submit(pre, learner, complete_answers(pre))
    item = pre.instrument.items.filter(kind="attitude").first()

    with pytest.raises(AlreadySubmitted):
        save_answer(
            administration=pre,
            learner=learner,
            name=f"item-{item.pk}",
            raw="1",
            now=timezone.now(),
        )

    assert Answer.objects.get(item=item).value == 4


def test_missing_answers_are_named_and_the_others_kept_as_a_draft(pre, learner):
    data = complete_answers(pre)
    knowledge = pre.instrument.items.filter(kind="knowledge").first()
    del data[f"item-{knowledge.pk}"]

    result = submit(pre, learner, data)

    assert result.errors == {f"item-{knowledge.pk}": "Please answer this question."}
    assert result.response.status == "draft"
    assert result.response.answers.count() == 4


def test_optional_free_text_may_stay_blank(pre, learner):
    data = complete_answers(pre)
    free = pre.instrument.items.get(kind="free_text")
    data[f"item-{free.pk}"] = ""

    assert submit(pre, learner, data).response.status == "submitted"


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("attitude", "6", "Choose a point from 1 to 5."),
        ("attitude", "0", "Choose a point from 1 to 5."),
        ("attitude", "abc", "Choose a point from 1 to 5."),
        ("knowledge", "other-item", "That option does not belong to this question."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(pre, learner, kind, raw, message):
    item = pre.instrument.items.filter(kind=kind).first()
    if raw == "other-item":
        raw = str(Choice.objects.exclude(item=item).first().pk)

    with pytest.raises(ValidationError) as error:
        save_answer(
            administration=pre, learner=learner, name=f"item-{item.pk}", raw=raw, now=timezone.now()
        )

    assert error.value.messages == [message]
    assert Response.objects.count() == 0


def test_a_tampered_item_id_is_refused(pre, learner):
    other = build_instrument().items.first()

    with pytest.raises(ValidationError, match="not part of this assessment"):
        save_answer(
            administration=pre,
            learner=learner,
            name=f"item-{other.pk}",
            raw="1",
            now=timezone.now(),
        )

    assert Response.objects.count() == 0


def test_retrospective_answers_are_refused_on_the_pre_assessment(pre, learner):
    item = pre.instrument.items.filter(kind="attitude").first()

    with pytest.raises(ValidationError, match="not part of this assessment"):
        save_answer(
            administration=pre,
            learner=learner,
            name=f"retro-{item.pk}",
            raw="2",
            now=timezone.now(),
        )


def test_windows_are_enforced_on_the_server(pre, learner):
    late = time_machine.travel(pre.closes_at + timedelta(seconds=1))
    with late, pytest.raises(WindowClosed, match="closed on"):
        submit(pre, learner, complete_answers(pre))
    early = time_machine.travel(pre.opens_at - timedelta(seconds=1))
    with early, pytest.raises(WindowClosed, match="opens on"):
        submit(pre, learner, complete_answers(pre))

    assert Response.objects.count() == 0


def test_pre_and_post_pair_item_by_item_with_retrospective_answers(pre, learner):
    post = AdministrationFactory(
        instrument=pre.instrument,
        kind="post",
        opens_at=pre.closes_at,
        closes_at=pre.closes_at + timedelta(days=7),
        includes_retrospective=True,
    )
    submit(pre, learner, complete_answers(pre, correct=False, likert="2"))
    with time_machine.travel(post.opens_at + timedelta(hours=1)):
        submit(post, learner, complete_answers(post))

    pairs = {}
    for answer in Answer.objects.filter(item__kind="knowledge"):
        pairs.setdefault(answer.item_id, []).append(answer.is_correct)
    retro = Answer.objects.filter(is_retrospective=True).values_list("value", flat=True)
    assert sorted(pairs.values()) == [[False, True], [False, True]]
    assert list(retro) == [2, 2]


def spec(**kwargs):
    defaults = {
        "kind": Item.Kind.KNOWLEDGE,
        "text": "Which measure is a HEDIS measure?",
        "topic": "Quality",
        "choices": [ChoiceSpec("A"), ChoiceSpec("B", True), ChoiceSpec("C")],
    }
    return ItemSpec(**{**defaults, **kwargs})


def test_items_are_editable_in_place_until_someone_responds(pre):
    instrument = pre.instrument

    item = add_item(instrument=instrument, spec=spec())

    assert (item.instrument_id, item.position) == (instrument.pk, 6)
    assert Instrument.objects.count() == 1


def test_editing_a_locked_instrument_makes_a_new_version_and_keeps_the_old(pre, learner):
    save_answer(
        administration=pre,
        learner=learner,
        name=f"item-{pre.instrument.items.first().pk}",
        raw="",
        now=timezone.now(),
    )
    old = pre.instrument
    old_items = list(old.items.values_list("text", flat=True))

    item = add_item(instrument=old, spec=spec())
    old.refresh_from_db()

    new = item.instrument
    assert (new.version, new.is_current, new.previous_id, old.is_current) == (
        2,
        True,
        old.pk,
        False,
    )
    assert list(old.items.values_list("text", flat=True)) == old_items
    assert list(new.items.values_list("text", flat=True)) == [*old_items, spec().text]
    assert pre.instrument_id == old.pk


def test_a_second_edit_changes_the_new_version_in_place(pre, learner):
    ResponseFactory(administration=pre, learner=learner)
    first = add_item(instrument=pre.instrument, spec=spec()).instrument

    second = move_item(item=first.items.first(), offset=1)

    assert second.pk == first.pk
    assert Instrument.objects.filter(key=pre.instrument.key).count() == 2


def test_move_item_swaps_neighbours(pre):
    items = list(pre.instrument.items.all())

    move_item(item=items[1], offset=-1)

    assert list(pre.instrument.items.all()) == [items[1], items[0], *items[2:]]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([ChoiceSpec("A", True), ChoiceSpec("B")], "needs 3 to 6 options; it has 2."),
        (
            [ChoiceSpec("A", True), ChoiceSpec("B", True), ChoiceSpec("C")],
            "Exactly one option must be correct; 2 are marked correct.",
        ),
        ([ChoiceSpec(str(n)) for n in range(7)], "needs 3 to 6 options; it has 7."),
    ],
)
def test_knowledge_items_need_three_to_six_options_with_one_correct(pre, choices, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        add_item(instrument=pre.instrument, spec=spec(choices=choices))

    assert pre.instrument.items.count() == 5


def test_csv_export_and_import_round_trip(pre):
    text = export_items_csv(instrument=pre.instrument)
    target = build_instrument(knowledge=0, attitude=0, free_text=0)

    instrument, count = import_items_csv(instrument=target, text=text)

    def shape(inst):
        return [
            (
                i.kind,
                i.text,
                i.topic,
                i.is_reverse_scored,
                [(c.text, c.is_correct) for c in i.choices.all()],
            )
            for i in inst.items.prefetch_related("choices")
        ]

    assert (count, shape(instrument)) == (5, shape(pre.instrument))


def test_a_csv_with_bad_rows_imports_nothing_and_names_the_rows(pre):
    text = (
        "kind,text,option_1,option_2,option_3,correct_option\n"
        "knowledge,Good?,A,B,C,2\n"
        "knowledge,Two options,A,B,,1\n"
        "opinion,What?,,,,\n"
    )

    with pytest.raises(ValidationError) as error:
        import_items_csv(instrument=pre.instrument, text=text)

    assert error.value.messages == [
        "Row 3: A knowledge item needs 3 to 6 options; it has 2.",
        "Row 4: Unknown item kind “opinion”.",
    ]
    assert pre.instrument.items.count() == 5


def test_copy_instrument_from_an_earlier_program(pre):
    later = ProgramFactory()

    copy = copy_instrument(source=pre.instrument, program=later)

    assert (copy.program, copy.version, copy.items.count()) == (later, 1, 5)
    assert Choice.objects.filter(item__instrument=copy, is_correct=True).count() == 2


def test_post_must_open_after_the_pre_closes(pre):
    with pytest.raises(ValidationError, match="open after the pre-assessment closes"):
        schedule_administration(
            instrument=pre.instrument,
            kind="post",
            opens_at=pre.closes_at - timedelta(hours=1),
            closes_at=pre.closes_at + timedelta(days=3),
        )

    assert Administration.objects.count() == 1


def test_default_windows_follow_the_sessions():
    from tests.factories import SeminarSessionFactory

    program = ProgramFactory()
    first = SeminarSessionFactory(program=program)
    last = SeminarSessionFactory(program=program)

    windows = default_windows(program=program, post_days=10)

    assert windows["pre"] == (first.starts_at - timedelta(days=14), first.starts_at)
    assert windows["post"] == (last.ends_at, last.ends_at + timedelta(days=10))


def test_a_learner_not_enrolled_has_no_access():
    from django.http import Http404

    from assessments.selectors.lookups import get_administration_for_learner

    administration = AdministrationFactory()

    with pytest.raises(Http404):
        get_administration_for_learner(learner=LearnerFactory(), pk=administration.pk)


def test_the_post_must_use_the_version_the_pre_was_given_on(pre, learner):
    ResponseFactory(administration=pre, learner=learner)
    newer = add_item(instrument=pre.instrument, spec=spec()).instrument

    with pytest.raises(ValidationError, match="pre-assessment was given on version 1"):
        schedule_administration(
            instrument=newer,
            kind="post",
            opens_at=pre.closes_at,
            closes_at=pre.closes_at + timedelta(days=7),
        )

    assert Administration.objects.count() == 1


def test_custom_likert_labels_set_the_scale_and_reverse_scoring(pre, learner):
    item = add_item(
        instrument=pre.instrument,
        spec=ItemSpec(
            kind=Item.Kind.ATTITUDE,
            text="I feel ready to talk with a health plan medical director.",
            subscale="Confidence",
            is_reverse_scored=True,
            scale_labels=["Not at all", "A little", "Mostly", "Fully"],
            choices=[],
        ),
    )
    name = f"item-{item.pk}"

    with pytest.raises(ValidationError, match=r"Choose a point from 1 to 4\."):
        save_answer(administration=pre, learner=learner, name=name, raw="5", now=timezone.now())
    save_answer(administration=pre, learner=learner, name=name, raw="1", now=timezone.now())

    assert Answer.objects.values_list("value", "score").get() == (1, 4)


def test_an_earlier_version_is_never_edited(pre, learner):
    ResponseFactory(administration=pre, learner=learner)
    v2 = add_item(instrument=pre.instrument, spec=spec()).instrument

    with pytest.raises(ValidationError, match="Version 1 is kept as it was given"):
        delete_item(item=pre.instrument.items.first())

    assert (pre.instrument.items.count(), v2.items.count()) == (5, 6)
