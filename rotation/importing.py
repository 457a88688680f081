"""Reading a roster CSV: every row is validated before anything is written (all or nothing)."""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.template.defaultfilters import pluralize

from config.input import WholeNumberField
from config.safe_csv import is_formula_like
from rotation.models import Learner

MAX_BYTES = 2 * 1024 * 1024
COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "residency_program",
    "pgy_level",
    "program_director_name",
    "program_director_email",
)
# Optional: the learner's ID in the residency management system (carried into exports); for
# fellows and medical students, `kind` (resident, fellow, medical_student) and, for students,
# `clerkship_year` (a roster of students only may leave out pgy_level).
OPTIONAL_COLUMNS = ("external_id", "kind", "clerkship_year")
NAME_COLUMNS = ("first_name", "last_name", "residency_program", "program_director_name")
ALIASES = {
    "pgy": "pgy_level",
    "residency": "residency_program",
    "learner_kind": "kind",
    "clerkship": "clerkship_year",
}


def level_errors(data: dict) -> dict[str, str]:
    """A resident or fellow has a PGY level, a medical student a clerkship year (sets the
    default kind, resident, in `data`)."""
    data["kind"] = data.get("kind") or Learner.Kind.RESIDENT
    errors = {}
    if data["kind"] == Learner.Kind.MEDICAL_STUDENT:
        if data.get("clerkship_year") is None:
            errors["clerkship_year"] = "A medical student needs a clerkship year (1–4)."
        if data.get("pgy_level") is not None:
            errors["pgy_level"] = "A medical student has a clerkship year, not a PGY level."
    else:
        if data.get("pgy_level") is None:
            errors["pgy_level"] = "A resident or fellow needs a PGY level (1–8)."
        if data.get("clerkship_year") is not None:
            errors["clerkship_year"] = "Only medical students have a clerkship year."
    return errors


class LearnerRowForm(forms.ModelForm):
    """One roster row; the same rules as adding a learner by hand."""

    kind = forms.ChoiceField(choices=Learner.Kind.choices, required=False)
    pgy_level = WholeNumberField(label="PGY level", min_value=1, max_value=8, required=False)
    clerkship_year = WholeNumberField(min_value=1, max_value=4, required=False)

    class Meta:
        model = Learner
        fields = COLUMNS + OPTIONAL_COLUMNS

    def clean(self):
        cleaned = super().clean()
        if not {"kind", "pgy_level", "clerkship_year"} & set(self.errors):
            for name, message in level_errors(cleaned).items():
                self.add_error(name, message)
        return cleaned

    def _post_clean(self):
        """Skip the model's unique-email constraint: a learner already on file is matched by
        email and enrolled, not refused (so re-importing a roster changes nothing)."""


@dataclass
class ParsedRoster:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line number, cleaned data)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stored all the same


def _column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def parse_roster(*, filename: str, content: bytes) -> ParsedRoster:
    """Validate an uploaded roster. Errors name their line; the header is line 1."""
    result = ParsedRoster()
    if not filename.lower().endswith(".csv"):
        result.errors.append(f"“{filename}” is not a CSV file. Upload a .csv file.")
        return result
    if len(content) > MAX_BYTES:
        result.errors.append("The file is larger than 2 MB.")
        return result
    try:
        text = content.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError:
        result.errors.append(f"“{filename}” is not a CSV text file (it is not UTF-8 text).")
        return result
    if "\x00" in text:
        result.errors.append(f"“{filename}” is not a CSV text file.")
        return result
    if not text.strip():
        result.errors.append("The file is empty.")
        return result

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_column(name) for name in next(reader)]
    except csv.Error as error:
        result.errors.append(f"Line 1: {error}.")
        return result
    missing = [
        name
        for name in COLUMNS
        if name not in header and not (name == "pgy_level" and "clerkship_year" in header)
    ]
    if missing:
        result.errors.append(
            f"Line 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            f"Expected columns: {', '.join(COLUMNS)}."
        )
        return result

    fields = LearnerRowForm.base_fields
    first_line_of = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                result.errors.append(
                    f"Line {line}: expected {len(header)} values, found {len(values)}."
                )
                continue
            raw = {name: value.strip() for name, value in zip(header, values, strict=True)}
            # The form's fields without a form per row: the same checks, several times faster.
            data, errors = {}, []
            for name in COLUMNS + OPTIONAL_COLUMNS:
                try:
                    data[name] = fields[name].clean(raw.get(name, ""))
                except forms.ValidationError as error:
                    errors += [f"Line {line}: {name}: {message}" for message in error.messages]
            if not errors:
                errors = [f"Line {line}: {n}: {m}" for n, m in level_errors(data).items()]
            if errors:
                result.errors += errors
                continue
            email = data["email"].lower()
            if email in first_line_of:
                result.errors.append(
                    f"Line {line}: {email} already appears on line {first_line_of[email]}."
                )
                continue
            first_line_of[email] = line
            result.rows.append((line, data))
            result.warnings += [
                f"Line {line}: {name} “{data[name]}” starts with “{data[name][:1]}”: "
                "it is stored as written, and CSV exports show it with a leading ' so that "
                "spreadsheets read it as text, not a formula."
                for name in NAME_COLUMNS
                if is_formula_like(data[name])
            ]
    except csv.Error as error:
        result.errors.append(f"Line {reader.line_num}: {error}.")
    if not result.rows and not result.errors:
        result.errors.append("The file has a header but no learners.")
    return result


def import_summary(*, rows: int, outcome) -> str:
    """What an import did, from its outcome (an ImportOutcome or a finished RosterImport)."""
    if outcome.enrollments_created == 0:
        return (
            f"Imported {rows} row{pluralize(rows)}: nothing changed, "
            f"all {rows} were already enrolled."
        )
    return (
        f"Imported {rows} row{pluralize(rows)}: {outcome.enrollments_created} newly enrolled "
        f"({outcome.learners_created} new learner{pluralize(outcome.learners_created)}, "
        f"invited by email), {outcome.unchanged} already enrolled."
    )
