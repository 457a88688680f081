"""The program's tab row (templates/rotation/_program_nav.html). Every page of a program shows
it, so its links are reversed once a process for each program, not thirteen times a page."""

from functools import lru_cache
from typing import NamedTuple

from django.urls import get_script_prefix, get_urlconf, reverse

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


def program_tabs(*, program, here: str) -> list[Tab]:
    """The program's tabs, the one of the page named `here` (its URL name) marked current."""
    tabs = PROGRAM_TABS if program.is_archived else (*PROGRAM_TABS, SETTINGS_TAB)
    return [
        Tab(label, program_url(name, program.slug), here == name or here in also_current)
        for label, name, also_current in tabs
    ]


def program_url(name: str, slug: str) -> str:
    return _reversed(name, slug, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=4096)
def _reversed(name: str, slug: str, prefix: str, urlconf) -> str:
    """A URL depends on nothing else (the prefix and URLconf are in the key for that reason)."""
    return reverse(name, urlconf=urlconf, args=[slug])
