"""Instruments (items, choices, versions, windows) and every director's reading or export of
learners' answers."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import EvaluationSettings
from assessments.services.administrations import schedule_administration
from assessments.services.instruments import ChoiceSpec, ItemSpec
from assessments.services.item_csv import import_items_csv
from assessments.services.items import add_item, delete_item, move_item, update_item
from audit.models import AuditEvent
from tests.assessments.factories import (
    AdministrationFactory,
    InstrumentFactory,
    ResponseFactory,
    build_instrument,
)
from tests.audit.conftest import audit_rows
from tests.factories import EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

QUESTION = ItemSpec(
    kind="knowledge",
    text="Who pays for Medicaid?",
    topic="Payment",
    choices=[
        ChoiceSpec("The states"),
        ChoiceSpec("States and federal", is_correct=True),
        ChoiceSpec("Nobody"),
    ],
)


@pytest.fixture
def instrument(program):
    return InstrumentFactory(program=program, title="SBP", key="sbp")


def test_creating_an_instrument_on_the_page_records_it(client, director, program):
    client.force_login(director)

    client.post(f"/programs/{program.slug}/instruments/", {"title": "SBP", "description": ""})

    assert audit_rows(program=program) == [
        ("director@example.org", "instrument.created", "SBP (v1)", {"title": [None, "SBP"]})
    ]


def test_copying_an_instrument_records_one_event_naming_the_source(client, director, program):
    source = build_instrument(ProgramFactory(name="Last year", directors=[director]), title="SBP")
    client.force_login(director)

    client.post(f"/programs/{program.slug}/instruments/", {"source": source.pk})

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "instrument.copied",
            "SBP (v1)",
            {"copied from": [None, f"SBP (v1) – {source.program}"]},
        )
    ]


def test_adding_an_item_records_its_text_and_choices(director, program, instrument):
    add_item(instrument=instrument, spec=QUESTION, actor=director)

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "instrument.item_added",
            "Who pays for Medicaid?",
            {
                "position": [None, 1],
                "kind": [None, "knowledge"],
                "text": [None, "Who pays for Medicaid?"],
                "topic": [None, "Payment"],
                "is_reverse_scored": [None, False],
                "is_required": [None, True],
                "has_retrospective": [None, False],
                "choices": [None, ["The states", "States and federal (correct)", "Nobody"]],
            },
        )
    ]


def test_changing_an_item_records_old_and_new_text_and_choices(director, program, instrument):
    item = add_item(instrument=instrument, spec=QUESTION)
    changed = ItemSpec(
        kind="knowledge",
        text="Who pays for Medicaid today?",
        topic="Payment",
        choices=[ChoiceSpec("The states", True), ChoiceSpec("Washington"), ChoiceSpec("Nobody")],
    )

    update_item(item=item, spec=changed, actor=director)

    assert audit_rows(program=program, action="instrument.item_changed") == [
        (
            "director@example.org",
            "instrument.item_changed",
            "Who pays for Medicaid today?",
            {
                "text": ["Who pays for Medicaid?", "Who pays for Medicaid today?"],
                "choices": [
                    ["The states", "States and federal (correct)", "Nobody"],
                    ["The states (correct)", "Washington", "Nobody"],
                ],
            },
        )
    ]


def test_an_invalid_item_records_nothing(director, instrument):
    with pytest.raises(ValidationError):
        add_item(
            instrument=instrument,
            spec=ItemSpec(kind="knowledge", text="No options"),
            actor=director,
        )

    assert AuditEvent.objects.count() == 0


def test_moving_and_removing_items_on_the_page_records_them(client, director, program):
    instrument = build_instrument(program, knowledge=2, attitude=0, free_text=0)
    first, second = instrument.items.order_by("position")
    client.force_login(director)

    client.post(f"/items/{second.pk}/move/", {"direction": "up"})
    client.post(f"/items/{first.pk}/delete/")

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "instrument.item_moved",
            "Knowledge question 2",
            {"position": [2, 1]},
        ),
        (
            "director@example.org",
            "instrument.item_removed",
            "Knowledge question 1",
            {
                "position": [2, None],
                "kind": ["knowledge", None],
                "text": ["Knowledge question 1", None],
                "topic": ["Quality", None],
                "explanation": ["Because of reason 1.", None],
                "is_reverse_scored": [False, None],
                "is_required": [True, None],
                "has_retrospective": [False, None],
                "choices": [["Option 1", "Option 2 (correct)", "Option 3"], None],
            },
        ),
    ]


def test_moving_the_first_item_up_records_nothing(director, program):
    instrument = build_instrument(program, knowledge=2, attitude=0, free_text=0)
    first = instrument.items.order_by("position").first()

    move_item(item=first, offset=-1, actor=director)

    assert AuditEvent.objects.count() == 0


def test_editing_a_locked_instrument_records_the_new_version_and_the_change(director, program):
    instrument = build_instrument(program, knowledge=1, attitude=0, free_text=0, title="SBP")
    ResponseFactory(
        administration=AdministrationFactory(instrument=instrument),
        learner=EnrollmentFactory(program=program).learner,
    )

    delete_item(item=instrument.items.get(), actor=director)

    assert [(row[1], row[2]) for row in audit_rows(program=program)] == [
        ("instrument.versioned", "SBP (v2)"),
        ("instrument.item_removed", "Knowledge question 1"),
    ]
    assert audit_rows(action="instrument.versioned")[0][3] == {"version": [1, 2]}


def test_importing_items_records_the_imported_texts(director, program, instrument):
    csv = (
        "kind,text,scale_labels\nattitude,Partners are equals,\nfree_text,What would you change?,\n"
    )

    import_items_csv(instrument=instrument, text=csv, actor=director)

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "instrument.items_imported",
            "SBP (v1)",
            {"items": [None, ["Partners are equals", "What would you change?"]]},
        )
    ]


def test_setting_and_moving_a_window_records_old_and_new(director, program, instrument):
    zone = timezone.get_current_timezone()
    opens, closes = datetime(2027, 2, 1, 8, tzinfo=zone), datetime(2027, 2, 15, 8, tzinfo=zone)
    schedule_administration(
        instrument=instrument, kind="pre", opens_at=opens, closes_at=closes, actor=director
    )
    schedule_administration(
        instrument=instrument,
        kind="pre",
        opens_at=opens,
        closes_at=datetime(2027, 2, 16, 8, tzinfo=zone),
        reminder_days=[2],
        actor=director,
    )

    assert [row[3] for row in audit_rows(program=program)] == [
        {
            "opens_at": [None, "2027-02-01T08:00-05:00"],
            "closes_at": [None, "2027-02-15T08:00-05:00"],
            "includes_retrospective": [None, False],
            "reminder_days": [None, [3, 1]],
        },
        {
            "closes_at": ["2027-02-15T08:00-05:00", "2027-02-16T08:00-05:00"],
            "reminder_days": [[3, 1], [2]],
        },
    ]


def test_reading_a_learners_answers_is_recorded(client, director, program):
    pre = AdministrationFactory(instrument=build_instrument(program, title="SBP"))
    learner = EnrollmentFactory(
        program=program, learner__first_name="Ana", learner__last_name="Diaz"
    ).learner
    response = ResponseFactory(administration=pre, learner=learner)
    client.force_login(director)

    client.get(f"/administrations/{pre.pk}/responses/{learner.pk}/")

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "answers.viewed",
            "Ana Diaz – Pre-assessment – SBP (v1) (Draft)",
            {},
        )
    ]
    assert AuditEvent.objects.get().target_id == str(response.pk)


def test_another_directors_attempt_to_read_answers_records_nothing(client, other_director, program):
    pre = AdministrationFactory(instrument=build_instrument(program))
    learner = EnrollmentFactory(program=program).learner
    ResponseFactory(administration=pre, learner=learner)
    client.force_login(other_director)

    response = client.get(f"/administrations/{pre.pk}/responses/{learner.pk}/")

    assert (response.status_code, AuditEvent.objects.count()) == (404, 0)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("responses-identified.csv", "identified"),
        ("responses-deidentified.csv", "de-identified"),
    ],
)
def test_each_export_of_responses_is_recorded(client, director, program, name, kind):
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/reports/{name}")

    assert response.status_code == 200
    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "answers.exported",
            str(program),
            {"export": [None, f"responses CSV, {kind}"]},
        )
    ]


@pytest.mark.parametrize(("anonymous", "events"), [(False, 1), (True, 0)])
def test_reading_session_comments_is_recorded_only_when_they_carry_names(
    client, director, program, anonymous, events
):
    EvaluationSettings.objects.create(program=program, is_anonymous_to_directors=anonymous)
    client.force_login(director)

    client.get(f"/programs/{program.slug}/evaluations/")

    assert (
        audit_rows(program=program)
        == [
            (
                "director@example.org",
                "answers.viewed",
                str(program),
                {"viewed": [None, "session evaluation comments with names"]},
            )
        ][:events]
    )


def test_changing_the_evaluation_settings_records_only_what_changed(client, director, program):
    EvaluationSettings.objects.create(program=program, session_open_days=7)
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/evaluations/",
        {"session_open_days": "10", "is_anonymous_to_directors": ""},
    )

    assert audit_rows(program=program, action="evaluation_settings.changed") == [
        (
            "director@example.org",
            "evaluation_settings.changed",
            f"Evaluation settings of {program}",
            {"session_open_days": [7, 10]},
        )
    ]
