"""Reading a roster CSV: every row is validated before anything is written (all or nothing)."""

import csv
import io
from dataclasses import dataclass, field

from django import forms

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
# A roster of residents needs no more; one with fellows or medical students adds `kind`
# (resident, fellow, medical_student) and, for students, `clerkship_year` (a roster of students
# only may leave out pgy_level).
OPTIONAL_COLUMNS = ("kind", "clerkship_year")
ALIASES = {
    "pgy": "pgy_level",
    "residency": "residency_program",
    "learner_kind": "kind",
    "clerkship": "clerkship_year",
}


class LearnerRowForm(forms.ModelForm):
    """One roster row; the same rules as adding a learner by hand."""

    kind = forms.ChoiceField(choices=Learner.Kind.choices, required=False)
    pgy_level = forms.IntegerField(label="PGY level", min_value=1, max_value=8, required=False)
    clerkship_year = forms.IntegerField(min_value=1, max_value=4, required=False)

    class Meta:
        model = Learner
        fields = (
            "kind",
            "email",
            "first_name",
            "last_name",
            "residency_program",
            "pgy_level",
            "clerkship_year",
            "program_director_name",
            "program_director_email",
        )

    def clean(self):
        cleaned = super().clean()
        if {"kind", "pgy_level", "clerkship_year"} & set(self.errors):
            return cleaned  # the field's own message says what is wrong
        cleaned["kind"] = cleaned.get("kind") or Learner.Kind.RESIDENT
        if cleaned["kind"] == Learner.Kind.MEDICAL_STUDENT:
            if cleaned.get("clerkship_year") is None:
                self.add_error("clerkship_year", "A medical student needs a clerkship year (1–4).")
            if cleaned.get("pgy_level") is not None:
                self.add_error(
                    "pgy_level", "A medical student has a clerkship year, not a PGY level."
                )
        else:
            if cleaned.get("pgy_level") is None:
                self.add_error("pgy_level", "A resident or fellow needs a PGY level (1–8).")
            if cleaned.get("clerkship_year") is not None:
                self.add_error("clerkship_year", "Only medical students have a clerkship year.")
        return cleaned

    def _post_clean(self):
        """Skip the model's unique-email constraint: a learner already on file is matched by
        email and enrolled, not refused (so re-importing a roster changes nothing)."""


@dataclass
class ParsedRoster:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line number, cleaned data)
    errors: list[str] = field(default_factory=list)


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
            form = LearnerRowForm(
                data={name: raw.get(name, "") for name in (*COLUMNS, *OPTIONAL_COLUMNS)}
            )
            if not form.is_valid():
                for name, messages in form.errors.items():
                    label = name if name != "__all__" else "row"
                    result.errors += [f"Line {line}: {label}: {message}" for message in messages]
                continue
            data = form.cleaned_data
            email = data["email"].lower()
            if email in first_line_of:
                result.errors.append(
                    f"Line {line}: {email} already appears on line {first_line_of[email]}."
                )
                continue
            first_line_of[email] = line
            result.rows.append((line, data))
    except csv.Error as error:
        result.errors.append(f"Line {reader.line_num}: {error}.")
    if not result.rows and not result.errors:
        result.errors.append("The file has a header but no learners.")
    return result
