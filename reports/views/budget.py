"""A program's budget and cost sharing: its directors (and staff) read it and record costs and
partners' cash and catering; an archived program shows it read-only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from reports.budget import program_budgets
from reports.views.runs import ProgramReportsMixin
from rotation.forms import ProgramContributionForm, ProgramCostForm
from rotation.links import row_url
from rotation.selectors.budget import get_contribution_of_program, get_cost_of_program
from rotation.services import budget as services


class BudgetView(ProgramReportsMixin, View):
    """GET: the program's budget and the same course's other years, 10 queries whatever the
    numbers of partners, sessions and years; POST (`form` = cost or contribution): record one."""

    def get(self, request, slug):
        return self.render()

    def post(self, request, slug):
        program = self.get_program()
        kind = request.POST.get("form")
        form = (
            ProgramCostForm(request.POST, prefix="cost")
            if kind == "cost"
            else ProgramContributionForm(request.POST, program=program, prefix="contribution")
        )
        if form.is_valid():
            try:
                if kind == "cost":
                    services.record_program_cost(
                        program=program, actor=request.user, **form.cleaned_data
                    )
                else:
                    services.record_program_contribution(
                        program=program, actor=request.user, **form.cleaned_data
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Recorded.")
                return redirect("reports:budget", slug=program.slug)
        if kind == "cost":
            return self.render(cost_form=form, status=400)
        return self.render(contribution_form=form, status=400)

    def render(self, cost_form=None, contribution_form=None, status=200):
        """The page with the forms given, blank ones otherwise. The program is read with its
        other years (404 for a program the user does not direct, as `get_program`), and the
        contribution form's choices are the partners the budget read."""
        slug = self.kwargs["slug"]
        years = program_budgets(slug=slug, user=self.request.user)
        budget = next((b for b in years if b.program.slug == slug), None)
        if budget is None:
            raise Http404("No such program.")
        program = budget.program
        remove_cost = row_url("reports:budget_cost_delete", program.slug)
        remove_given = row_url("reports:budget_contribution_delete", program.slug)
        budget_of = row_url("reports:budget")
        if cost_form is None:
            cost_form = ProgramCostForm(prefix="cost")
        if contribution_form is None:
            contribution_form = ProgramContributionForm(
                program=program, partners=budget.partners, prefix="contribution"
            )
        return render(
            self.request,
            "reports/budget.html",
            {
                "program": program,
                "budget": budget,
                # each year beside its budget's URL
                "years": [(each, budget_of(each.program.slug)) for each in years],
                # costs_of_program's and contributions_of_program's rows, read with the budget,
                # each beside its removal URL (each URL reversed once per page)
                "costs": [(cost, remove_cost(cost.pk)) for cost in budget.costs],
                "contributions": [(each, remove_given(each.pk)) for each in budget.recorded],
                "cost_form": cost_form,
                "contribution_form": contribution_form,
            },
            status=status,
        )


class CostDeleteView(ProgramReportsMixin, View):
    def post(self, request, slug, pk):
        program = self.get_program()
        cost = get_cost_of_program(program=program, pk=pk)
        try:
            services.remove_program_cost(cost=cost, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "The cost is removed.")
        return redirect("reports:budget", slug=program.slug)


class ContributionDeleteView(ProgramReportsMixin, View):
    def post(self, request, slug, pk):
        program = self.get_program()
        contribution = get_contribution_of_program(program=program, pk=pk)
        try:
            services.remove_program_contribution(contribution=contribution, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "The contribution is removed.")
        return redirect("reports:budget", slug=program.slug)
