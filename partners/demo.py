"""The partners' part of `seed_demo`: expertise areas of the faculty, room hours and blackout
dates. Runs after rotation's demo (INSTALLED_APPS order), which creates the organizations,
rooms and faculty. Idempotent: keyed by natural keys."""

from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal

from django.utils import timezone

from partners.models import (
    ExpertiseArea,
    FacultyMember,
    MeetingRoom,
    Organization,
    RoomBlackout,
    ValuationRates,
)
from partners.selectors import current_academic_year
from partners.valuation import DEFAULT_RATES

EXPERTISE = [
    # name, keywords found in the demo's topic titles
    ("Quality measurement", "quality, measure, pdsa"),
    ("Payment and contracting", "payment, risk contract, cost"),
    ("Care management", "care management, high-risk, transitions, readmission"),
    ("Public health", "public health, population health, surveillance"),
    ("Patient safety", "safety, incident"),
    ("Pharmacy benefits", "formular, pharmacy, prior authorization"),
    ("Community partnership", "community, social needs, families, patients"),
]
EXPERTISE_BY_TITLE = {
    "Chief Medical Officer": ["Quality measurement", "Payment and contracting"],
    "Director of Quality Measurement": ["Quality measurement"],
    "Pharmacy Benefits Manager": ["Pharmacy benefits"],
    "Care Management Nurse Lead": ["Care management"],
    "VP Population Health": ["Public health", "Care management"],
    "Patient Safety Officer": ["Patient safety"],
    "Revenue Cycle Director": ["Payment and contracting"],
    "Transitions of Care Lead": ["Care management"],
    "Medical Director": ["Quality measurement"],
    "Practice Manager": ["Payment and contracting"],
    "Health Officer": ["Public health"],
    "Epidemiologist": ["Public health"],
    "Patient Partner": ["Community partnership"],
    "Family Advisor": ["Community partnership"],
    "Director of Network Management": ["Payment and contracting", "Pharmacy benefits"],
}


def seed(options) -> Iterator[str]:
    areas = _seed_expertise()
    _seed_rooms()
    rates = _seed_rates()
    yield f"{len(areas)} expertise areas, room hours and blackout dates, {rates} valuation rates"


def _seed_expertise() -> dict[str, ExpertiseArea]:
    areas = {}
    for name, keywords in EXPERTISE:
        areas[name], _ = ExpertiseArea.objects.get_or_create(
            name=name, defaults={"keywords": keywords}
        )
    through = FacultyMember.expertise.through
    existing = set(through.objects.values_list("facultymember_id", "expertisearea_id"))
    through.objects.bulk_create(
        through(facultymember_id=member_pk, expertisearea_id=areas[name].pk)
        for member_pk, title in FacultyMember.objects.values_list("pk", "title")
        for name in EXPERTISE_BY_TITLE.get(title, [])
        if (member_pk, areas[name].pk) not in existing
    )
    return areas


def _seed_rooms() -> None:
    MeetingRoom.objects.filter(bookable_from=None, bookable_until=None).update(
        bookable_from=time(7, 30), bookable_until=time(18, 0)
    )
    auditorium = MeetingRoom.objects.filter(name="Auditorium").first()
    if auditorium is not None:
        year = timezone.localdate().year
        for day, reason in [
            (date(year, 12, 24), "Closed for the holidays"),
            (date(year, 12, 31), "Closed for the holidays"),
        ]:
            RoomBlackout.objects.get_or_create(
                room=auditorium, date=day, defaults={"reason": reason}
            )


# The health plan agreed its own figures (its rooms and staff cost more than the defaults);
# everyone else is valued at the defaults.
KEYSTONE_RATES = {
    "room_day_medium": Decimal("650.00"),
    "av_support_day": Decimal("450.00"),
    "printing_page": Decimal("0.08"),
    "faculty_hour_physician": Decimal("200.00"),
    "faculty_hour_executive": Decimal("110.00"),
}


def _seed_rates() -> int:
    keystone = Organization.objects.filter(slug="keystone-health-plan").first()
    if keystone is None:
        return 0
    this_year = current_academic_year(today=timezone.localdate())
    first = int(this_year[:4])
    for year in (this_year, f"{first - 1}-{first}"):
        ValuationRates.objects.get_or_create(
            organization=keystone,
            academic_year=year,
            defaults={**DEFAULT_RATES, **KEYSTONE_RATES},
        )
    return ValuationRates.objects.count()
