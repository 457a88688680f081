"""The site's main navigation (templates/base.html) and the program's tab row
(templates/rotation/_program_nav.html). Every page shows the first and every page of a program
the second, so their links are reversed once a process (for each program), not up to seventeen
and thirteen times a page."""

from functools import lru_cache
from typing import NamedTuple

from django.urls import get_script_prefix, get_urlconf, reverse

from config.reversing import reversed_once

# Label, URL name, and the URL names of other pages on which the tab is the current one.
PROGRAM_TABS = (
    ("Overview", "rotation:program_home", ()),
    ("Schedule", "rotation:schedule", ("rotation:timeline",)),
    ("Topics", "rotation:topics", ()),
    ("Learners", "rotation:roster", ()),
    ("Attendance", "rotation:attendance", ()),
    ("Excusal letters", "rotation:letters", ()),
    ("Volunteers", "teaching:program_volunteers", ()),
    ("Assessments", "assessments:instrument_list", ()),
    ("Evaluations", "assessments:program_evaluations", ()),
    ("Planning team", "planning:plan", ()),
    ("Reports", "reports:list", ()),
    ("Budget", "reports:budget", ()),
)
SETTINGS_TAB = ("Settings", "rotation:program_edit", ())  # an archived program has none


class Tab(NamedTuple):
    label: str
    url: str
    current: bool


class Link(NamedTuple):
    label: str
    url: str


# Label, URL name, and which roles (accounts' Roles, for a signed-in user) see the link.
MAIN_LINKS = (
    ("Programs", "rotation:program_list", lambda roles: roles.is_director),
    ("Faculty & partners", "teaching:director_overview", lambda roles: roles.is_director),
    (
        "Agreements",
        "partners:agreement_overview",
        lambda roles: roles.is_director or roles.is_staff,
    ),
    ("Partners", "partners:organization_list", lambda roles: roles.is_liaison),
    ("Directory", "partners:directory", lambda roles: roles.is_director or roles.is_staff),
    ("My teaching", "teaching:my_teaching", lambda roles: roles.is_faculty),
    ("Volunteer", "teaching:volunteer_board", lambda roles: roles.is_faculty),
    ("Availability", "teaching:availability_index", lambda roles: roles.is_faculty),
    ("Feedback", "assessments:faculty_feedback", lambda roles: roles.is_faculty),
    ("Feedback reports", "reports:faculty_feedback", lambda roles: roles.is_faculty),
    ("Profile", "teaching:own_profile", lambda roles: roles.is_faculty),
    ("My rotation", "rotation:my_rotation", lambda roles: roles.is_learner),
    ("Calendar", "rotation:calendar_feeds", lambda roles: True),
    ("Audit trail", "audit:events", lambda roles: roles.is_staff),
    ("Webhooks", "webhooks:endpoints", lambda roles: roles.is_staff),
    ("Administration", "admin:index", lambda roles: roles.is_staff),
)
# The header's other links, by URL name: the brand, the account menu, signing in.
HEADER_URL_NAMES = (
    "home",
    "account_change_password",
    "mfa_index",
    "api:tokens",
    "account_logout",
    "account_login",
)


def main_links(roles) -> tuple[Link, ...]:
    """The main navigation's links for a signed-in user with these roles (a visitor has none)."""
    return _main_links(roles, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _main_links(roles, prefix: str, urlconf) -> tuple[Link, ...]:
    return tuple(
        Link(label, reverse(name, urlconf=urlconf))
        for label, name, shown in MAIN_LINKS
        if shown(roles)
    )


def header_urls() -> dict[str, str]:
    """The header's other links, by URL name (a colon becomes an underscore, for templates)."""
    return _header_urls(get_script_prefix(), get_urlconf())


@lru_cache(maxsize=8)
def _header_urls(prefix: str, urlconf) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name, urlconf=urlconf) for name in HEADER_URL_NAMES}


def program_tabs(*, program, here: str) -> list[Tab]:
    """The program's tabs, the one of the page named `here` (its URL name) marked current."""
    tabs = PROGRAM_TABS if program.is_archived else (*PROGRAM_TABS, SETTINGS_TAB)
    return [
        Tab(label, reversed_once(name, program.slug), here == name or here in also_current)
        for label, name, also_current in tabs
    ]
