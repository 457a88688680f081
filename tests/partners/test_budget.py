"""A program's budget and cost sharing: partners' in-kind value (at their rates) and cash
against the program's costs, per learner and per teaching hour, across academic years; costs
and contributions recorded by directors, audited, refused on an archived program."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from reports.budget import program_budgets
from rotation.models import ProgramContribution, ProgramCost, ProgramPartner
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    SiteFactory,
)
from tests.partners.conftest import at, status_for

pytestmark = pytest.mark.django_db


def budget_url(program) -> str:
    return reverse("reports:budget", args=[program.slug])


def test_budget_adds_partners_in_kind_and_cash_against_costs(world, taught):
    """The taught world at the default rates, with a sponsor's cash and two costs."""
    world.site.rooms.filter(name="Training Room 3").update(capacity=16)
    sponsor = OrganizationFactory(name="Riverside University")
    ProgramPartner.objects.create(program=taught, organization=sponsor, role="sponsor")
    ProgramContribution.objects.create(
        program=taught, organization=sponsor, kind="cash", amount=Decimal("1500")
    )
    ProgramCost.objects.create(program=taught, category="honoraria", amount=Decimal("800"))
    ProgramCost.objects.create(program=taught, category="catering", amount=Decimal("300"))

    [budget] = program_budgets(slug=taught.slug, user=world.director)

    by_name = {share.contribution.organization.name: share for share in budget.shares}
    # Keystone: room-days small $250 + medium $500; 150 pages $15; Maria 3.5 h and Tom 2 h
    # (neither physician nor manager by title: other staff, $60) taught and prepared: 11 h x $60.
    assert by_name["Keystone Health Plan"].in_kind == Decimal("1425.00")
    assert (by_name["Keystone Health Plan"].role, by_name["Riverside University"].role) == (
        "Host and content partner",
        "Academic sponsor",
    )
    # Lakeview's outsider taught the third session (1 h): 2 h x $60.
    assert by_name["Lakeview"].in_kind == Decimal("120.00")
    assert (by_name["Riverside University"].in_kind, by_name["Riverside University"].cash) == (
        Decimal(0),
        Decimal("1500.00"),
    )
    assert (budget.in_kind, budget.cash, budget.cost) == (
        Decimal("1545.00"),
        Decimal("1500.00"),
        Decimal("1100.00"),
    )
    assert (budget.learners, budget.session_hours) == (4, Decimal("4.50"))  # 1.5 + 2 + 1 h
    assert budget.cash_balance == Decimal("400.00")
    # value = in kind + costs = 2645: per learner / 4, per teaching hour / 4.5
    assert (budget.value_per_learner, budget.value_per_hour) == (
        Decimal("661.25"),
        Decimal("587.78"),
    )
    assert (budget.cost_per_learner, budget.cost_per_hour) == (Decimal("275.00"), Decimal("244.44"))


def test_a_published_session_with_no_room_counts_in_teaching_hours_not_room_days(world, taught):
    SeminarSessionFactory(
        program=taught, status="published", room=None, starts_at=at(3, 9), ends_at=at(3, 11)
    )

    [budget] = program_budgets(slug=taught.slug, user=world.director)

    assert budget.session_hours == Decimal("6.50")  # 1.5 + 2 + 1 h, and the roomless 2 h
    assert sum(share.contribution.room_days for share in budget.shares) == 2  # as without it


def test_a_program_with_nothing_has_no_per_learner_figures(world):
    [budget] = program_budgets(slug=world.other_program.slug, user=world.other_director)

    assert (budget.in_kind, budget.cost, budget.value_per_learner, budget.value_per_hour) == (
        0,
        0,
        None,
        None,
    )


def add_partner_with_a_session(program, number: int) -> None:
    organization = OrganizationFactory()
    ProgramPartner.objects.create(program=program, organization=organization, role="content")
    room = MeetingRoomFactory(site=SiteFactory(organization=organization))
    session = SeminarSessionFactory(
        program=program,
        status="published",
        room=room,
        starts_at=at(-30 + number, 9),
        ends_at=at(-30 + number, 10),
    )
    member = FacultyMemberFactory(organization=organization)
    SessionFacultyFactory(session=session, faculty_member=member, confirmation="confirmed")
    ProgramContribution.objects.create(
        program=program, organization=organization, kind="cash", amount=Decimal("10")
    )
    ProgramCost.objects.create(program=program, category="materials", amount=Decimal("5"))
    EnrollmentFactory(program=program)


@pytest.mark.parametrize("size", [1, 5])
def test_budget_page_uses_a_constant_number_of_queries(
    client, world, django_assert_num_queries, size
):
    earlier = ProgramFactory(
        name=world.program.name,
        slug="earlier",
        academic_year="2025-2026",
        start_date=world.program.start_date.replace(year=world.program.start_date.year - 1),
        end_date=world.program.end_date.replace(year=world.program.end_date.year - 1),
        directors=[world.director],
    )
    for number in range(size):
        add_partner_with_a_session(world.program, number)
        add_partner_with_a_session(earlier, number)
    client.force_login(world.director)

    with django_assert_num_queries(10):
        response = client.get(budget_url(world.program))

    assert len(response.context["budget"].shares) == size + 1  # and Keystone
    # the contribution form offers the program's partners, by name, as the budget read them
    choices = response.context["contribution_form"].fields["organization"].queryset
    assert [organization.name for organization in choices] == list(
        world.program.partners.order_by("name").values_list("name", flat=True)
    )
    assert [(b.program.slug, url) for b, url in response.context["years"]] == [
        ("concentrated-2026", "/programs/concentrated-2026/budget/"),
        ("earlier", "/programs/earlier/budget/"),
    ]
    assert response.context["years"][1][0].cash == Decimal(10 * size)


def test_budget_years_are_the_same_course_in_the_years_the_user_directs(client, world):
    def course(slug: str, years_back: int, directors, name=world.program.name):
        start, end = world.program.start_date, world.program.end_date
        return ProgramFactory(
            name=name,
            slug=slug,
            start_date=start.replace(year=start.year - years_back),
            end_date=end.replace(year=end.year - years_back),
            directors=directors,
        )

    course("earlier", 1, [world.director, world.other_director])
    course("directed-by-another", 2, [world.other_director])
    course("another-course", 3, [world.director], name="Distributed 2026")

    client.force_login(world.director)
    years = client.get(budget_url(world.program)).context["years"]
    client.force_login(world.other_director)  # directs an earlier year, not this one
    refused = client.get(budget_url(world.program))

    assert [b.program.slug for b, _url in years] == ["concentrated-2026", "earlier"]
    assert refused.status_code == 404


def test_a_director_records_a_cost_and_a_partners_cash_audited(client, world):
    client.force_login(world.director)

    client.post(
        budget_url(world.program),
        {"form": "cost", "cost-category": "honoraria", "cost-amount": "250.50"},
    )
    client.post(
        budget_url(world.program),
        {
            "form": "contribution",
            "contribution-organization": world.organization.pk,
            "contribution-kind": "catering",
            "contribution-persons": "25",
        },
    )

    cost = ProgramCost.objects.get()
    given = ProgramContribution.objects.get()
    assert (cost.category, cost.amount) == ("honoraria", Decimal("250.50"))
    assert (given.kind, given.amount, given.persons) == ("catering", None, 25)
    assert sorted(AuditEvent.objects.values_list("action", "program")) == [
        ("program_contribution.added", world.program.pk),
        ("program_cost.added", world.program.pk),
    ]


def test_cash_without_an_amount_is_refused_with_a_message(client, world):
    client.force_login(world.director)

    response = client.post(
        budget_url(world.program),
        {
            "form": "contribution",
            "contribution-organization": world.organization.pk,
            "contribution-kind": "cash",
        },
    )

    assert response.status_code == 400
    assert response.context["contribution_form"].errors == {
        "amount": ["Enter the amount of cash given."]
    }
    assert ProgramContribution.objects.count() == 0


def test_an_archived_programs_budget_is_read_only(client, world):
    cost = ProgramCost.objects.create(program=world.program, category="other", amount=5)
    world.program.archived_at = timezone.now()
    world.program.save()
    client.force_login(world.director)

    response = client.post(
        budget_url(world.program), {"form": "cost", "cost-category": "other", "cost-amount": "9"}
    )
    removed = client.post(
        reverse("reports:budget_cost_delete", args=[world.program.slug, cost.pk]), follow=True
    )

    assert response.status_code == 400
    assert "is archived" in str(response.context["cost_form"].non_field_errors())
    assert "is archived" in removed.content.decode()
    assert list(ProgramCost.objects.values_list("amount", flat=True)) == [Decimal("5.00")]
    assert "Record a cost" not in client.get(budget_url(world.program)).content.decode()


def test_a_director_removes_a_cost_audited(client, world):
    cost = ProgramCost.objects.create(program=world.program, category="other", amount=5)
    client.force_login(world.director)

    client.post(reverse("reports:budget_cost_delete", args=[world.program.slug, cost.pk]))

    assert ProgramCost.objects.count() == 0
    assert AuditEvent.objects.get().action == "program_cost.removed"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("liaison", 403),
        ("faculty_user", 403),
        ("other_director", 404),
        ("director", 200),
        ("staff", 200),
    ],
)
def test_budget_is_for_the_programs_directors(client, world, role, expected):
    assert status_for(client, world, role, budget_url(world.program)) == expected
