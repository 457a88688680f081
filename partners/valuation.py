"""What a partner's in-kind contribution is worth: the default rates, the room sizes, the
faculty rate roles, and `value_in_kind`, the one function that turns quantities into dollars.

The defaults are assumptions for a mid-size US city, to be replaced by each organization's own
figures on its rates page (README, "In-kind valuation", names their sources)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Room sizes by seats: up to SMALL_ROOM_MAX_SEATS is small, up to MEDIUM_ROOM_MAX_SEATS medium.
SMALL_ROOM_MAX_SEATS = 20
MEDIUM_ROOM_MAX_SEATS = 50

SMALL, MEDIUM, LARGE = "small", "medium", "large"
ROOM_SIZES = {
    SMALL: f"Small room (up to {SMALL_ROOM_MAX_SEATS} seats)",
    MEDIUM: f"Medium room ({SMALL_ROOM_MAX_SEATS + 1}–{MEDIUM_ROOM_MAX_SEATS} seats)",
    LARGE: f"Large room (over {MEDIUM_ROOM_MAX_SEATS} seats)",
}

PHYSICIAN, EXECUTIVE, OTHER_STAFF = "physician", "executive", "other"
FACULTY_ROLES = {
    PHYSICIAN: "Physician faculty",
    EXECUTIVE: "Executive or manager faculty",
    OTHER_STAFF: "Other staff faculty",
}
# Words in a job title that make a non-physician faculty member an executive or manager.
EXECUTIVE_TITLE_WORDS = (
    "chief",
    "director",
    "vp",
    "vice president",
    "president",
    "manager",
    "officer",
    "executive",
    "head",
    "lead",
)

# Dollars; see the README for where each figure comes from.
DEFAULT_RATES = {
    "room_day_small": Decimal("250.00"),
    "room_day_medium": Decimal("500.00"),
    "room_day_large": Decimal("1000.00"),
    "av_support_day": Decimal("400.00"),
    "printing_page": Decimal("0.10"),
    "faculty_hour_physician": Decimal("170.00"),
    "faculty_hour_executive": Decimal("85.00"),
    "faculty_hour_other": Decimal("60.00"),
    "catering_person": Decimal("20.00"),
    "preparation_ratio": Decimal("1.00"),  # hours of preparation per teaching hour
}

CENT = Decimal("0.01")


def room_size(capacity: int) -> str:
    if capacity <= SMALL_ROOM_MAX_SEATS:
        return SMALL
    return MEDIUM if capacity <= MEDIUM_ROOM_MAX_SEATS else LARGE


def faculty_rate_role(*, clinical_background: str, title: str) -> str:
    """Physicians at the physician rate; executives and managers (by their job title) at theirs;
    everyone else at the staff rate."""
    if clinical_background == "physician":
        return PHYSICIAN
    words = f" {title.lower().replace('-', ' ')} "
    if any(f" {word} " in words for word in EXECUTIVE_TITLE_WORDS):
        return EXECUTIVE
    return OTHER_STAFF


@dataclass(frozen=True)
class InKindQuantities:
    """What a partner gave, counted: room-days by room size, days with AV support, pages, its
    faculty's teaching hours by rate role, and the persons it fed."""

    room_days: dict[str, int]
    av_days: int
    printed_pages: int
    teaching_hours: dict[str, float]
    catered_persons: int = 0


@dataclass(frozen=True)
class ValuationLine:
    label: str
    quantity: Decimal
    unit: str
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Valuation:
    lines: tuple[ValuationLine, ...]
    total: Decimal
    hours: Decimal  # teaching plus preparation hours valued

    @property
    def valued_lines(self) -> tuple[ValuationLine, ...]:
        return tuple(line for line in self.lines if line.quantity)


def valuation_key(*, quantities: InKindQuantities, rates) -> tuple:
    """All that `value_in_kind` reads of its arguments, hashable: equal keys, equal valuations
    (each rate as written, so that 250 and 250.00, which print differently, stay apart)."""
    return (
        tuple(str(getattr(rates, name)) for name in DEFAULT_RATES),
        tuple(sorted(quantities.room_days.items())),
        quantities.av_days,
        quantities.printed_pages,
        tuple(sorted(quantities.teaching_hours.items())),
        quantities.catered_persons,
    )


def value_in_kind(*, quantities: InKindQuantities, rates) -> Valuation:
    """The dollar value of an in-kind contribution at `rates` (a `ValuationRates`, stored or
    the defaults): each quantity times its rate, rounded to the cent; preparation is valued at
    the faculty member's hourly rate, `preparation_ratio` hours per teaching hour."""
    lines = []

    def add(label: str, quantity, unit: str, rate: Decimal) -> None:
        quantity = Decimal(str(quantity)).quantize(CENT, rounding=ROUND_HALF_UP)
        amount = (quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        lines.append(ValuationLine(label, quantity, unit, rate, amount))

    for size, label in ROOM_SIZES.items():
        add(
            label,
            quantities.room_days.get(size, 0),
            "room-days",
            getattr(rates, f"room_day_{size}"),
        )
    add("Audio-visual support", quantities.av_days, "days", rates.av_support_day)
    add("Printing and copying", quantities.printed_pages, "pages", rates.printing_page)
    hours = Decimal(0)
    ratio = Decimal(rates.preparation_ratio)
    for role, label in FACULTY_ROLES.items():
        taught = Decimal(str(quantities.teaching_hours.get(role, 0))).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        rate = getattr(rates, f"faculty_hour_{role}")
        add(f"{label}: teaching", taught, "hours", rate)
        add(
            f"{label}: preparation ({ratio.normalize():f} h per hour taught)",
            taught * ratio,
            "hours",
            rate,
        )
        hours += taught + (taught * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
    add("Catering", quantities.catered_persons, "persons", rates.catering_person)
    return Valuation(tuple(lines), sum((line.amount for line in lines), Decimal(0)), hours)
