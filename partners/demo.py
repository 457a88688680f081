"""The partners' part of `seed_demo`: expertise areas of the faculty, room hours and blackout
dates, contacts with roles for every organization, and agreements (one expiring within 60
days, one ended and renewed). Runs after rotation's demo (INSTALLED_APPS order), which
creates the organizations, rooms and faculty. Idempotent: keyed by natural keys."""

from collections.abc import Iterator
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from partners.models import (
    Agreement,
    Contact,
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


# Each organization's contacts: (first name, last name, title, roles). Emails from the names.
CONTACTS = [
    ("Executive", "Chief Executive Officer", ["executive_sponsor"]),
    ("Champion", "Chief Medical Officer", ["physician_champion"]),
    ("Facilities", "Facilities and AV Manager", ["av_contact"]),
    ("Finance", "Controller", ["billing_contact", "liaison"]),
]
# A one-page PDF standing in for each signed memorandum.
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SURNAMES = ["Morgan", "Patel", "Nguyen", "Brooks", "Ortiz", "Fischer", "Hughes"]


def seed(options) -> Iterator[str]:
    areas = _seed_expertise()
    _seed_rooms()
    rates = _seed_rates()
    yield f"{len(areas)} expertise areas, room hours and blackout dates, {rates} valuation rates"
    contacts = _seed_contacts()
    agreements = _seed_agreements()
    yield f"{contacts} partner contacts, {agreements} agreements (one expiring, one renewed)"


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


def _seed_contacts() -> int:
    partners = Organization.objects.exclude(kind=Organization.Kind.ACADEMIC_SPONSOR)
    for index, organization in enumerate(partners.order_by("name")):
        surname = SURNAMES[index % len(SURNAMES)]
        for first, title, roles in CONTACTS:
            Contact.objects.get_or_create(
                organization=organization,
                email=f"{first}.{surname}@{organization.slug}.example.org".lower(),
                defaults={
                    "name": f"{first} {surname}",
                    "title": title,
                    "phone": f"555-01{index:02d}",
                    **dict.fromkeys(roles, True),
                },
            )
    return Contact.objects.count()


def _seed_agreements() -> int:
    """Keystone's agreement ends within 60 days (expiring); Lakeview's first agreement ended
    and was renewed; the other partners have an active one. Keyed by organization and title."""
    sponsor = Organization.objects.filter(kind=Organization.Kind.ACADEMIC_SPONSOR).first()
    if sponsor is None:
        return 0
    today = timezone.localdate()
    provides = {
        "partner_rooms": True,
        "partner_av": True,
        "partner_printing": True,
        "partner_faculty_hours": 40,
        "sponsor_faculty_hours": 10,
        "sponsor_funds": 2500,
        "sponsor_notes": "Honoraria for patient and family faculty; residents' lunches.",
    }
    terms = {
        "keystone-health-plan": [("2025–2026", today - timedelta(days=320), today + timedelta(45))],
        "lakeview-integrated-health": [
            ("2024–2025", today - timedelta(days=430), today - timedelta(days=65)),
            ("2025–2027", today - timedelta(days=64), today + timedelta(days=666)),
        ],
    }
    for organization in Organization.objects.exclude(pk=sponsor.pk).order_by("name"):
        previous = None
        default = [("2025–2027", today - timedelta(days=200), today + timedelta(days=530))]
        for years, starts_on, ends_on in terms.get(organization.slug, default):
            agreement, _ = Agreement.objects.get_or_create(
                organization=organization,
                title=f"Memorandum of understanding {years}",
                defaults={
                    "sponsor": sponsor,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "renewal_date": ends_on - timedelta(days=90),
                    "signed_on": starts_on - timedelta(days=14),
                    "renews": previous,
                    **provides,
                },
            )
            if not agreement.document:
                agreement.document.save("signed.pdf", ContentFile(SIGNED_PDF), save=False)
                agreement.document_name = f"MOU {organization.name} {years}.pdf"
                agreement.document_size = len(SIGNED_PDF)
                agreement.save(update_fields=["document", "document_name", "document_size"])
            previous = agreement
    return Agreement.objects.count()
