"""A program's money: the costs its directors record and what partners give besides rooms,
pages and teaching (cash, catering in kind). Audited; archived programs refuse both."""

from decimal import Decimal

from django.db import transaction

from audit.services import record_event
from partners.models import Organization
from rotation.models import Program, ProgramContribution, ProgramCost
from rotation.services.programs import ensure_program_is_active


def record_program_cost(
    *, program: Program, category: str, amount: Decimal, description: str = "", actor
) -> ProgramCost:
    """A cost of the program (validated by its form)."""
    ensure_program_is_active(program)
    with transaction.atomic():
        cost = ProgramCost.objects.create(
            program=program, category=category, amount=amount, description=description
        )
        record_event(
            actor=actor,
            action="program_cost.added",
            target=cost,
            program=program,
            changes={
                "category": [None, cost.get_category_display()],
                "amount": [None, str(amount)],
                "description": [None, description],
            },
        )
    return cost


def remove_program_cost(*, cost: ProgramCost, actor) -> None:
    ensure_program_is_active(cost.program)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="program_cost.removed",
            target=cost,
            program=cost.program,
            changes={"amount": [str(cost.amount), None], "description": [cost.description, None]},
        )
        cost.delete()


def record_program_contribution(
    *,
    program: Program,
    organization: Organization,
    kind: str,
    amount: Decimal | None = None,
    persons: int | None = None,
    description: str = "",
    actor,
) -> ProgramContribution:
    """Cash (an amount) or catering in kind (a head count) from a partner of the program."""
    ensure_program_is_active(program)
    with transaction.atomic():
        contribution = ProgramContribution.objects.create(
            program=program,
            organization=organization,
            kind=kind,
            amount=amount if kind == ProgramContribution.Kind.CASH else None,
            persons=persons if kind == ProgramContribution.Kind.CATERING else None,
            description=description,
        )
        record_event(
            actor=actor,
            action="program_contribution.added",
            target=contribution,
            program=program,
            changes={
                "organization": [None, organization.name],
                "kind": [None, contribution.get_kind_display()],
                "amount": [None, str(contribution.amount) if contribution.amount else None],
                "persons": [None, contribution.persons],
                "description": [None, description],
            },
        )
    return contribution


def remove_program_contribution(*, contribution: ProgramContribution, actor) -> None:
    ensure_program_is_active(contribution.program)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="program_contribution.removed",
            target=contribution,
            program=contribution.program,
            changes={"contribution": [str(contribution), None]},
        )
        contribution.delete()
