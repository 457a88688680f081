"""A partner organization's tab row (templates/partners/_org_nav.html), on every page about the
organization: its links reversed once a process for each organization, not eight times a page."""

from typing import NamedTuple

from config.reversing import reversed_once

ORGANIZATION_TABS = (
    ("Profile", "partners:organization_detail"),
    ("Meeting rooms", "partners:room_list"),
    ("Faculty", "partners:faculty_list"),
    ("Agreements", "partners:agreement_list"),
    ("Reviews", "reports:review_list"),
    ("Contribution", "reports:partner_contribution"),
    ("Outcomes and value report", "reports:partner_outcomes"),
    ("Valuation rates", "partners:valuation_rates"),
)


class Tab(NamedTuple):
    label: str
    url: str


def organization_tabs(*, organization) -> list[Tab]:
    return [Tab(label, reversed_once(name, organization.slug)) for label, name in ORGANIZATION_TABS]
