"""The partner value report: a one-page summary a liaison can hand their executive, then one
section after another. Its context is a list of `Section`s, so one more section is one more
entry in `value_report_sections`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from partners.models import Organization
from partners.selectors import rates_for
from partners.valuation import FACULTY_ROLES, ROOM_SIZES, Valuation
from reports.contribution import Contribution, partner_contribution, value_contribution
from reports.outcomes import PartnerOutcomes, partner_outcomes
from rotation import documents
from teaching.selectors.surveys import FacultyExperience, faculty_experience


@dataclass(frozen=True)
class PartnerValue:
    """Everything the report says about one organization in one program or academic year."""

    organization: Organization
    period: str
    academic_year: str
    contribution: Contribution
    rates: object
    valuation: Valuation
    outcomes: PartnerOutcomes
    faculty_experience: FacultyExperience

    @property
    def total(self) -> Decimal:
        return self.valuation.total + self.contribution.cash


@dataclass(frozen=True)
class Section:
    """One part of the report: its heading and the template that prints it with `context`."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    new_page: bool = True  # a short section follows the one before on its page


def partner_value(*, organization: Organization, programs, academic_year: str, period: str):
    """Read and value a partner's contribution and outcomes (one academic year's rates)."""
    programs = list(programs)
    contribution = partner_contribution(organization=organization, programs=programs)
    rates = rates_for(organization=organization, academic_year=academic_year)
    return PartnerValue(
        organization=organization,
        period=period,
        academic_year=academic_year,
        contribution=contribution,
        rates=rates,
        valuation=value_contribution(contribution=contribution, rates=rates),
        outcomes=partner_outcomes(organization=organization, programs=programs),
        faculty_experience=faculty_experience(organization=organization, programs=programs),
    )


def rate_rows(rates) -> list[tuple[str, Decimal, str]]:
    """The rates as the report prints them: what, how much, per what."""
    rows = [
        (label, getattr(rates, f"room_day_{size}"), "per room-day")
        for size, label in ROOM_SIZES.items()
    ]
    rows += [
        ("Audio-visual support", rates.av_support_day, "per day"),
        ("Printing and copying", rates.printing_page, "per page"),
    ]
    rows += [
        (label, getattr(rates, f"faculty_hour_{role}"), "per hour")
        for role, label in FACULTY_ROLES.items()
    ]
    rows.append(("Catering", rates.catering_person, "per person"))
    return rows


def value_report_sections(*, value: PartnerValue) -> list[Section]:
    """The report's sections after its summary page, in order. Add a section here."""
    return [
        Section(
            "What it gave",
            "reports/pdf/_value_contribution.html",
            {"contribution": value.contribution},
        ),
        Section(
            "What it is worth",
            "reports/pdf/_value_valuation.html",
            {
                "valuation": value.valuation,
                "rates": value.rates,
                "rate_rows": rate_rows(value.rates),
                "cash": value.contribution.cash,
                "total": value.total,
            },
        ),
        Section(
            "What learners gained",
            "reports/pdf/_value_outcomes.html",
            {"outcomes": value.outcomes},
        ),
        Section(
            "In learners' words",
            "reports/pdf/_value_quotes.html",
            {"outcomes": value.outcomes},
        ),
        Section(
            "How teaching went for its faculty",
            "reports/pdf/_value_faculty_experience.html",
            {"experience": value.faculty_experience},
            new_page=False,
        ),
    ]


def value_report_context(*, value: PartnerValue) -> dict:
    return {
        "value": value,
        "sections": value_report_sections(value=value),
        "generated_on": timezone.localdate(),
    }


def render_value_report_pdf(*, value: PartnerValue) -> bytes:
    return documents.render_pdf(
        template="reports/pdf/partner_value.html", context=value_report_context(value=value)
    )
