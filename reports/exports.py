"""CSV exports of a program's submitted responses, one row per learner and administration.

The de-identified export (for research, as REDCap's) replaces each learner by a stable random
code, leaves out names, emails, residency and free text, and shifts every date of a program by
the same number of days, so that intervals survive and calendar dates do not. Codes and shifts
are keyed HMACs of the site's secret: stable between exports, not derivable without the key.
The identified export, for the program's directors, adds who the learner is and real dates; it
names learners by the app's own id, never by the research code, so the two files cannot be
joined by anyone who does not hold the site's key. A codebook describes every column of both.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assessments.models import (
    DEMOGRAPHIC_FIELDS,
    Answer,
    DemographicAnswers,
    EvaluationSettings,
    Item,
    Response,
)
from config.safe_csv import SafeWriter
from reports.selectors import report_instrument

ITEM_CODES = {"knowledge": "K", "attitude": "A", "behaviour": "B", "free_text": "F"}


def _keyed(message: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).digest()


def learner_code(*, program, learner_id: int) -> str:
    """A stable random code of one learner within one program, e.g. "R-5F3A9C1E"."""
    return "R-" + _keyed(f"reports.learner:{program.pk}:{learner_id}").hex()[:8].upper()


def date_shift(*, program) -> timedelta:
    """The program's date shift: between 1 and 364 days back."""
    return timedelta(days=1 + int.from_bytes(_keyed(f"reports.shift:{program.pk}")[:4]) % 364)


FIXED_COLUMNS = {
    "record_id": ("De-identified: the learner's random code in this program", "text", ""),
    "learner_id": ("Identified: the learner's id in Mini-Rotation", "integer", ""),
    "first_name": ("Identified: first name", "text", ""),
    "last_name": ("Identified: last name", "text", ""),
    "email": ("Identified: email", "text", ""),
    "residency_program": ("Identified: residency program (or medical school)", "text", ""),
    "pgy_level": ("Identified: postgraduate year", "integer", "1–8, empty for students"),
    "administration": (
        "Which assessment",
        "text",
        "pre, post, follow_up_3, follow_up_6, follow_up_12",
    ),
    "submitted_on": (
        "Date submitted (de-identified: shifted back by the program's fixed number of days)",
        "date",
        "YYYY-MM-DD",
    ),
    "knowledge_correct": ("Knowledge items answered correctly", "integer", ""),
    "knowledge_total": ("Knowledge items asked", "integer", ""),
}


def _identity_columns(identified: bool) -> list[str]:
    if identified:
        return ["learner_id", "first_name", "last_name", "email", "residency_program", "pgy_level"]
    return ["record_id"]


def _item_columns(items: list[Item], *, identified: bool) -> list[tuple[str, Item, bool]]:
    """(column name, item, is the retrospective-pre rating) for each answer column: K1, A1,
    A1_retro, B1, F1 by kind in the instrument's order; no free text when de-identified."""
    columns = []
    numbers = dict.fromkeys(ITEM_CODES, 0)
    for item in items:
        if item.kind == Item.Kind.FREE_TEXT and not identified:
            continue  # free text can name people: never in the de-identified export
        numbers[item.kind] += 1
        name = f"{ITEM_CODES[item.kind]}{numbers[item.kind]}"
        columns.append((name, item, False))
        if item.kind == Item.Kind.ATTITUDE and item.has_retrospective:
            columns.append((f"{name}_retro", item, True))
    return columns


def _items(instrument) -> list[Item]:
    if instrument is None:
        return []
    return list(Item.objects.filter(instrument=instrument).order_by("position", "pk"))


def codebook(*, program) -> tuple[list[str], list[list[object]]]:
    """Every column of both exports: its name, what it holds, its type and its values."""
    header = ["column", "label", "type", "values", "in_export"]
    rows = []
    for name, (label, kind, values) in FIXED_COLUMNS.items():
        where = (
            "de-identified"
            if name == "record_id"
            else "identified"
            if label.startswith("Identified")
            else "both"
        )
        rows.append(
            [
                name,
                label.removeprefix("Identified: ").removeprefix("De-identified: "),
                kind,
                values,
                where,
            ]
        )
    for name, (label, choices) in DEMOGRAPHIC_FIELDS.items():
        values = "; ".join(f"{code} = {text}" for code, text in choices) + "; empty = not answered"
        rows.append(
            [
                name,
                f"{label} (optional; only when site staff include it)",
                "text",
                values,
                "de-identified",
            ]
        )
    for name, item, retro in _item_columns(
        _items(report_instrument(program=program)), identified=True
    ):
        if item.kind == Item.Kind.KNOWLEDGE:
            kind, values = "integer", "1 = correct, 0 = wrong, empty = not answered"
        elif item.is_scaled:
            kind = "integer"
            values = "; ".join(f"{n} = {label}" for n, label in enumerate(item.labels, 1))
            if item.is_reverse_scored:
                values += " (reverse-scored item: reported as answered)"
        else:
            kind, values = "text", "free text"
        label = f"{item.text} (retrospective rating of before the course)" if retro else item.text
        where = "identified" if item.kind == Item.Kind.FREE_TEXT else "both"
        rows.append([name, label, kind, values, where])
    return header, rows


def research_demographics(*, program) -> tuple[list[str], dict[int, dict[str, str]]]:
    """The demographic fields the program asks and each learner's answers (stored codes) by
    learner id, for the research export, only when site staff enabled it for the program:
    ([], {}) otherwise. 1 or 2 queries."""
    settings = EvaluationSettings.objects.filter(
        program=program, research_demographics_at__isnull=False
    ).first()
    if settings is None:
        return [], {}
    fields = [name for name in DEMOGRAPHIC_FIELDS if name in settings.demographic_fields]
    rows = DemographicAnswers.objects.filter(program=program).values_list("learner_id", *fields)
    return fields, {row[0]: dict(zip(fields, row[1:], strict=True)) for row in rows}


def response_table(*, program, identified: bool) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the export: 3 queries (and 1 for the instrument, and for the
    de-identified export 1 or 2 for the research demographics). Demographic columns only in
    the de-identified export, and only when site staff enabled them (`research_demographics`)."""
    instrument = report_instrument(program=program)
    header = _identity_columns(identified)
    header += ["administration", "submitted_on", "knowledge_correct", "knowledge_total"]
    if instrument is None:
        return header, []
    asked, demographics = ([], {}) if identified else research_demographics(program=program)
    header += asked
    items = _items(instrument)
    columns: dict[tuple[int, bool], int] = {}
    for name, item, retro in _item_columns(items, identified=identified):
        columns[(item.pk, retro)] = len(header)
        header.append(name)
    kinds = {item.pk: item.kind for item in items}
    responses = list(
        Response.objects.filter(
            administration__instrument=instrument, status=Response.Status.SUBMITTED
        )
        .select_related("learner", "administration")
        .order_by("learner_id", "administration__kind")
    )
    answers = Answer.objects.filter(
        response__administration__instrument=instrument,
        response__status=Response.Status.SUBMITTED,
    ).values_list("response_id", "item_id", "is_retrospective", "is_correct", "value", "text")
    by_response: dict[int, list] = {}
    for response_id, *answer in answers:
        by_response.setdefault(response_id, []).append(answer)
    shift = date_shift(program=program)
    rows = []
    for response in responses:
        learner = response.learner
        submitted = timezone.localtime(response.submitted_at).date()
        if identified:
            row: list[object] = [
                learner.pk,
                learner.first_name,
                learner.last_name,
                learner.email,
                learner.residency_program,
                learner.pgy_level,
            ]
        else:
            row = [learner_code(program=program, learner_id=learner.pk)]
        row += [
            response.administration.kind,
            (submitted if identified else submitted - shift).isoformat(),
            response.knowledge_correct,
            response.knowledge_total,
        ]
        if asked:
            given = demographics.get(learner.pk, {})
            row += [given.get(name, "") for name in asked]
        row += [""] * (len(header) - len(row))
        for item_id, retro, is_correct, value, text in by_response.get(response.pk, []):
            place = columns.get((item_id, retro))
            if place is None:
                continue
            kind = kinds[item_id]
            row[place] = (
                int(bool(is_correct))
                if kind == "knowledge"
                else value
                if kind in ("attitude", "behaviour")
                else text
            )
        rows.append(row)
    return header, rows


def to_csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
