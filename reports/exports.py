"""CSV exports of a program's submitted responses, one row per learner and administration.

The de-identified export (for research, as REDCap's) replaces each learner by a stable random
code, leaves out names, emails, residency and free text, and shifts every date of a program by
the same number of days, so that intervals survive and calendar dates do not. Codes and shifts
are keyed HMACs of the site's secret: stable between exports, not derivable without the key.
The identified export, for the program's directors, adds who the learner is and real dates.
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
    header = ["record_id"]
    if identified:
        header += ["first_name", "last_name", "email", "residency_program", "pgy_level"]
    header += ["administration", "submitted_on", "knowledge_correct", "knowledge_total"]
    if instrument is None:
        return header, []
    asked, demographics = ([], {}) if identified else research_demographics(program=program)
    header += asked
    items = list(Item.objects.filter(instrument=instrument).order_by("position", "pk"))
    columns: dict[tuple[int, bool], int] = {}
    numbers = dict.fromkeys(ITEM_CODES, 0)
    for item in items:
        if item.kind == Item.Kind.FREE_TEXT and not identified:
            continue  # free text can name people: never in the de-identified export
        numbers[item.kind] += 1
        name = f"{ITEM_CODES[item.kind]}{numbers[item.kind]}"
        columns[(item.pk, False)] = len(header)
        header.append(name)
        if item.kind == Item.Kind.ATTITUDE and item.has_retrospective:
            columns[(item.pk, True)] = len(header)
            header.append(f"{name}_retro")
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
        row: list[object] = [learner_code(program=program, learner_id=learner.pk)]
        if identified:
            row += [
                learner.first_name,
                learner.last_name,
                learner.email,
                learner.residency_program,
                learner.pgy_level,
            ]
        row += [
            response.administration.kind,
            (submitted if identified else submitted - shift).isoformat(),
            response.knowledge_correct,
            response.knowledge_total,
        ]
        if asked:
            answers = demographics.get(learner.pk, {})
            row += [answers.get(name, "") for name in asked]
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
