"""The one way the app writes CSV: cells that a spreadsheet would run as a formula are made
text, as OWASP's "CSV Injection" page advises. A text cell starting with =, +, -, @, a tab or a
carriage return gets a leading single quote; numbers (and text that is a plain decimal number,
such as -3 or -0.5) stay numeric. It lives in config, the floor every app may import, because
rotation, assessments and reports all write CSV and none of them may import another's helper.
"""

import csv
import re
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def is_formula_like(value: str) -> bool:
    """Would a spreadsheet read this text as a formula (or a command)?"""
    return value.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(value)


def safe_cell(value):
    """The value as it may be written to a CSV cell."""
    if isinstance(value, bool | int | float | Decimal) or value is None:
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def unquote_cell(value: str) -> str:
    """Undo `safe_cell` when reading back a CSV this app wrote (instrument items round-trip)."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every cell goes through `safe_cell`."""

    def __init__(self, file, fieldnames, **options):
        super().__init__(file, fieldnames, **options)
        self.writer = SafeWriter(file, **options)
