"""CSV exports: de-identified for research, identified for directors."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.exports import codebook, date_shift, learner_code, response_table
from reports.selectors import report_instrument
from tests.factories import ProgramFactory, UserFactory
from tests.reports.seeding import seed_course, seed_follow_up


@pytest.fixture
def seeded(program):
    return seed_course(program, learners=6)


def read(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_deidentified_export_has_codes_shifted_dates_and_no_names(client, director, seeded):
    program = seeded.program
    client.force_login(director)

    response = client.get(reverse("reports:export_deidentified", args=[program.slug]))
    rows = read(response)
    text = response.content.decode()

    first = seeded.learners[0]
    assert list(rows[0]) == [
        "record_id", "administration", "submitted_on", "knowledge_correct", "knowledge_total",
        "K1", "K2", "K3", "K4", "A1", "A1_retro", "A2", "A2_retro",
    ]  # fmt: skip
    assert len(rows) == 6 * 2 + 1 + 1 + 1  # matched pairs, only-pre, only-post, the draft's pre
    assert rows[0]["record_id"] == learner_code(program=program, learner_id=first.pk)
    assert rows[0]["administration"] == "post"
    shifted = timezone.localdate() - date_shift(program=program)
    assert {row["submitted_on"] for row in rows} == {shifted.isoformat()}
    for identifying in ("Family", "Given", "@", "Comment"):
        assert identifying not in text
    assert (rows[1]["K1"], rows[1]["K2"], rows[1]["A1"], rows[1]["A2"]) == ("0", "0", "2", "4")


def test_codes_are_stable_and_differ_between_programs(db):
    first, second = ProgramFactory(), ProgramFactory()

    assert learner_code(program=first, learner_id=7) == learner_code(program=first, learner_id=7)
    assert learner_code(program=first, learner_id=7) != learner_code(program=second, learner_id=7)
    assert 1 <= date_shift(program=first).days <= 364


def test_identified_export_names_the_learners(client, director, seeded):
    client.force_login(director)

    rows = read(client.get(reverse("reports:export_identified", args=[seeded.program.slug])))

    first = seeded.learners[0]
    assert (rows[0]["first_name"], rows[0]["email"]) == (first.first_name, first.email)
    assert rows[0]["submitted_on"] == timezone.localdate().isoformat()
    assert rows[0]["F1"] == "Comment 0"


@pytest.mark.parametrize("learners", [5, 50])
def test_export_uses_a_constant_number_of_queries(db, django_assert_num_queries, learners):
    seeded = seed_course(ProgramFactory(), learners=learners)

    with django_assert_num_queries(4):
        response_table(program=seeded.program, identified=True)


@pytest.mark.parametrize("name", ["export_deidentified", "export_identified"])
def test_only_the_programs_directors_export(client, program, learner_user, name):
    url = reverse(f"reports:{name}", args=[program.slug])
    other = UserFactory(email="other@example.org")
    ProgramFactory(directors=[other])

    assert client.get(url).status_code == 302
    client.force_login(learner_user)
    assert client.get(url).status_code == 403
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_follow_ups_and_their_behaviour_items_are_exported(db):
    seeded = seed_course(ProgramFactory(), learners=6)
    took = seed_follow_up(seeded, missing=1)

    header, rows = response_table(program=seeded.program, identified=False)

    assert header[-1] == "B1"
    follow_ups = [row for row in rows if row[1] == "follow_up_3"]
    assert [row[-1] for row in follow_ups] == [1 + i % 5 for i in took]


def test_the_identified_export_never_carries_the_research_codes(db):
    seeded = seed_course(ProgramFactory(), learners=5)

    identified_header, identified = response_table(program=seeded.program, identified=True)
    _, deidentified = response_table(program=seeded.program, identified=False)

    assert identified_header[0] == "learner_id"
    codes = {row[0] for row in deidentified}
    assert all(code.startswith("R-") for code in codes)
    cells = {str(cell) for row in identified for cell in row}
    assert not codes & cells
    assert {learner.pk for learner in seeded.learners} <= {row[0] for row in identified}


def test_the_codebook_describes_every_column_of_both_exports(db):
    seeded = seed_course(ProgramFactory(), learners=5)
    header, rows = codebook(program=seeded.program)
    described = {row[0]: dict(zip(header, row, strict=True)) for row in rows}

    for identified in (True, False):
        columns, _ = response_table(program=seeded.program, identified=identified)
        assert set(columns) <= set(described)
        for column in columns:
            where = described[column]["in_export"]
            assert where in ("both", "identified" if identified else "de-identified")
    knowledge = next(row for name, row in described.items() if name.startswith("K"))
    assert knowledge["values"] == "1 = correct, 0 = wrong, empty = not answered"
    attitude = described["A1"]
    instrument = report_instrument(program=seeded.program)
    first_item = instrument.items.filter(kind="attitude").order_by("position", "pk").first()
    assert attitude["label"] == first_item.text
    assert attitude["values"].startswith("1 = ")


def test_the_codebook_downloads_as_csv(client, director, program):
    client.force_login(director)
    response = client.get(reverse("reports:export_codebook", args=[program.slug]))

    assert response["Content-Type"] == "text/csv"
    assert response.content.decode().splitlines()[0] == "column,label,type,values,in_export"
