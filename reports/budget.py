"""A program's budget and cost sharing: what each partner and the sponsor gave in kind (valued
at its rates) and in cash, against what the program cost; per learner and per teaching hour."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, QuerySet

from config.queries import built_once, columns_of, compiled_once
from partners.models import Organization
from partners.selectors import rates_by_organization_year
from partners.valuation import Valuation
from reports.contribution import (
    Contribution,
    contribution_rows,
    contributions_by_program,
    partial_instance,
    value_contribution,
)
from rotation.models import (
    Enrollment,
    Program,
    ProgramContribution,
    ProgramCost,
    ProgramPartner,
)
from rotation.selectors.budget import comparable_programs
from rotation.selectors.programs import RowCount

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PartnerShare:
    contribution: Contribution
    role: str  # the partner's role in the program ("" when it is not listed as a partner)
    rates: object
    valuation: Valuation

    @property
    def in_kind(self) -> Decimal:
        return self.valuation.total

    @property
    def cash(self) -> Decimal:
        return self.contribution.cash

    @property
    def total(self) -> Decimal:
        return self.in_kind + self.cash


@dataclass(frozen=True)
class ProgramBudget:
    program: object
    shares: tuple[PartnerShare, ...]
    costs: tuple[ProgramCost, ...]  # in their model's order, as costs_of_program lists them
    # partners' cash and catering as recorded, in their model's order (contributions_of_program's)
    recorded: tuple[ProgramContribution, ...]
    learners: int
    session_hours: Decimal  # hours of the program's published sessions
    partners: tuple[Organization, ...]  # listed as the program's partners, by name

    @property
    def in_kind(self) -> Decimal:
        return sum((share.in_kind for share in self.shares), Decimal(0))

    @property
    def cash(self) -> Decimal:
        return sum((share.cash for share in self.shares), Decimal(0))

    @property
    def contributed(self) -> Decimal:
        return self.in_kind + self.cash

    @property
    def cost(self) -> Decimal:
        return sum((cost.amount for cost in self.costs), Decimal(0))

    @property
    def costs_by_category(self) -> list[tuple[str, Decimal]]:
        totals = defaultdict(Decimal)
        for cost in self.costs:
            totals[cost.get_category_display()] += cost.amount
        return sorted(totals.items())

    @property
    def cash_balance(self) -> Decimal:
        """Cash given minus costs: what the program still has to find (negative) or kept."""
        return self.cash - self.cost

    @property
    def value(self) -> Decimal:
        """The program's whole worth: in-kind contributions plus what it cost in money."""
        return self.in_kind + self.cost

    def per_learner(self, amount: Decimal) -> Decimal | None:
        return _divide(amount, self.learners)

    def per_hour(self, amount: Decimal) -> Decimal | None:
        return _divide(amount, self.session_hours)

    @property
    def value_per_learner(self) -> Decimal | None:
        return self.per_learner(self.value)

    @property
    def value_per_hour(self) -> Decimal | None:
        return self.per_hour(self.value)

    @property
    def cost_per_learner(self) -> Decimal | None:
        return self.per_learner(self.cost)

    @property
    def cost_per_hour(self) -> Decimal | None:
        return self.per_hour(self.cost)


def _divide(amount: Decimal, by) -> Decimal | None:
    if not by:
        return None
    return (amount / Decimal(str(by))).quantize(CENT, rounding=ROUND_HALF_UP)


# Set up once a process (their joins took about 0.2 ms a page) and narrowed to the programs on
# each call: never evaluated themselves.
@built_once
def _programs_with_learners() -> QuerySet[Program]:
    # Counted by a subquery per program, not a join grouped by program: a learner is enrolled
    # once per program (`enrolled_once_per_program`), and nothing wide is sorted.
    enrolled = Enrollment.objects.filter(
        program=OuterRef("pk"), status=Enrollment.Status.ENROLLED
    ).order_by()
    return Program.objects.annotate(enrolled_learners=RowCount(enrolled.values("pk")))


_COST = columns_of(ProgramCost)


@compiled_once
def _cost_rows(program_ids) -> QuerySet[ProgramCost]:
    """The programs' costs, every column, in their model's order (costs_of_program's)."""
    return ProgramCost.objects.filter(program__in=program_ids).values_list(*_COST)


@compiled_once
def _partnership_rows(program_ids) -> QuerySet:
    return (
        ProgramPartner.objects.filter(program__in=program_ids)
        .order_by("organization__name")
        .values_list("program_id", "organization_id", "organization__name", "role")
    )


def program_budgets(*, slug: str, user) -> list[ProgramBudget]:
    """The budget of the program with this slug and of the same course's other years, those the
    user may direct (`comparable_programs`), newest first: 8 queries whatever the numbers of
    years, partners, sessions and costs (the programs come with their learners counted; their
    session time is added up from the published sessions the contributions read)."""
    programs = list(comparable_programs(slug=slug, user=user, among=_programs_with_learners()))
    if not programs:
        return []
    db = ProgramPartner.objects.db
    organizations_of, roles, partners = defaultdict(list), {}, {}
    for program_id, pk, name, role in _partnership_rows([program.pk for program in programs]):
        organization = partial_instance(Organization, db, ("id", "name"), (pk, name), partners)
        organizations_of[program_id].append(organization)
        roles[program_id, pk] = ProgramPartner.Role(role).label
    rows = contribution_rows(programs=programs)
    contributions = contributions_by_program(
        programs=programs,
        rows=rows,
        organizations_of=organizations_of,
        enrolled={program.pk: program.enrolled_learners for program in programs},
    )
    rates = rates_by_organization_year(
        pairs=[
            (c.organization, program.academic_year)
            for program in programs
            for c in contributions[program.pk]
        ]
    )
    costs, recorded = defaultdict(list), defaultdict(list)
    for row in _cost_rows([program.pk for program in programs]):
        cost = ProgramCost.from_db(db, _COST, row)
        costs[cost.program_id].append(cost)
    for entry in rows.extras:
        recorded[entry.program_id].append(entry)
    budgets = []
    valued = {}  # most partners give alike in most years: each distinct gift valued once
    for program in programs:
        shares = []
        for contribution in contributions[program.pk]:
            own = rates[contribution.organization.pk, program.academic_year]
            shares.append(
                PartnerShare(
                    contribution=contribution,
                    role=roles.get((program.pk, contribution.organization.pk), ""),
                    rates=own,
                    valuation=value_contribution(
                        contribution=contribution, rates=own, valued=valued
                    ),
                )
            )
        seconds = rows.session_time.get(program.pk, timedelta()).total_seconds()
        budgets.append(
            ProgramBudget(
                program=program,
                shares=tuple(shares),
                costs=tuple(costs[program.pk]),
                recorded=tuple(recorded[program.pk]),
                learners=program.enrolled_learners,
                session_hours=(Decimal(seconds) / 3600).quantize(CENT),
                partners=tuple(organizations_of[program.pk]),
            )
        )
    return budgets
