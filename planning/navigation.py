"""A program's planning links (templates/planning/_nav.html), on every planning page of the
program: reversed once a process for each program, not six {% url %} tags a page (0.6 ms)."""

from typing import NamedTuple

from config.reversing import reversed_once


class PlanningLinks(NamedTuple):
    plan: str
    proposals: str
    meetings: str
    patient_partners: str
    workspace: str  # the director's workspace of the program


def planning_links(*, program) -> PlanningLinks:
    slug = program.slug
    return PlanningLinks(
        plan=reversed_once("planning:plan", slug),
        proposals=reversed_once("planning:proposals", slug),
        meetings=reversed_once("planning:program_meetings", slug),
        patient_partners=reversed_once("planning:patient_partners", slug),
        workspace=reversed_once("rotation:program_home", slug),
    )
