"""A program's money as its directors recorded it: costs, and partners' cash and catering."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rotation.models import Program, ProgramContribution, ProgramCost
from rotation.selectors.access import programs_for_director


def costs_of_program(*, program: Program) -> QuerySet[ProgramCost]:
    return ProgramCost.objects.filter(program=program).order_by("category", "recorded_at", "pk")


def contributions_of_program(*, program: Program) -> QuerySet[ProgramContribution]:
    return (
        ProgramContribution.objects.filter(program=program)
        .select_related("organization")
        .order_by("organization__name", "recorded_at", "pk")
    )


def get_cost_of_program(*, program: Program, pk: int) -> ProgramCost:
    """A cost of this (already access-checked) program; 404 for another program's."""
    return get_object_or_404(costs_of_program(program=program).select_related("program"), pk=pk)


def get_contribution_of_program(*, program: Program, pk: int) -> ProgramContribution:
    return get_object_or_404(
        contributions_of_program(program=program).select_related("program"), pk=pk
    )


def comparable_programs(*, slug: str, user, among: QuerySet[Program]) -> QuerySet[Program]:
    """The program with this slug and the same course in every other academic year, those of
    them the user may direct, newest first, narrowed from `among` (a query the caller set up):
    without the program when the user may not direct it (one query, the program read with its
    other years)."""
    return (
        programs_for_director(user=user, among=among)
        .filter(name__in=Program.objects.filter(slug=slug).values("name"))
        .order_by("-start_date", "pk")
    )
