"""A partner's pages: its contribution, its learners' outcomes with its value reports (request,
progress, download, retry). The organization is looked up through `ManagedOrganizationMixin`
(its liaisons, the directors of programs it partners in, staff; 404 for anyone else's)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from partners.views.mixins import ManagedOrganizationMixin
from reports import selectors, services
from reports.contribution import partner_contribution
from reports.models import ReportRun
from reports.outcome_tables import outcome_tables
from reports.outcomes import partner_outcomes
from reports.views.runs import RunDownloadView, RunProgressView, RunRetryView
from rotation.selectors.partners import programs_of_partner


class PeriodMixin(ManagedOrganizationMixin):
    """One program (`program`) or one academic year (`year`) of the partner's programs."""

    def partner_programs(self):
        """The partner's programs, read once (a queryset that keeps what it read: the printing
        form's choices are the same programs)."""
        if not hasattr(self, "_programs"):
            self._programs = programs_of_partner(organization=self.organization)
        return self._programs

    def years(self) -> list[str]:
        return sorted({p.academic_year for p in self.partner_programs()}, reverse=True)

    def period(self, params, *, default_year: bool):
        """(programs, program or None, year, label) asked for in `params`; 404 for a program
        the organization takes no part in."""
        programs = self.partner_programs()
        slug, year = params.get("program", ""), params.get("year", "")
        if slug:
            chosen = [p for p in programs if p.slug == slug]
            if not chosen:
                raise Http404("The organization is not a partner in that program.")
            return chosen, chosen[0], chosen[0].academic_year, str(chosen[0])
        if year and year not in self.years():
            raise Http404("The organization took part in no program in that academic year.")
        if not year and default_year and self.years():
            year = self.years()[0]
        if year:
            return (
                [p for p in programs if p.academic_year == year],
                None,
                year,
                f"Academic year {year}",
            )
        return list(programs), None, "", "All programs"


class ContributionView(PeriodMixin, TemplateView):
    """The partner's contribution in one program, one academic year or all of them, and the
    printing form: 9 queries whatever the numbers of programs, sessions and faculty."""

    template_name = "reports/partner_contribution.html"

    def get_context_data(self, **kwargs):
        chosen, _program, _year, period = self.period(self.request.GET, default_year=False)
        return super().get_context_data(
            contribution=partner_contribution(organization=self.organization, programs=chosen),
            period=period,
            # the filter's and the printing form's choices, read once with the period
            programs=self.partner_programs(),
            years=self.years(),
            **kwargs,
        )


class PartnerOutcomesView(PeriodMixin, View):
    """GET: what learners gained in the sessions the partner taught or hosted (one program or
    one academic year, the latest by default) and its value reports; POST: request one.
    10 queries (up to 6 more when the knowledge figures' data changed) whatever the numbers of
    sessions, evaluations, runs and programs of the period."""

    def get(self, request, slug):
        chosen, program, year, period = self.period(request.GET, default_year=True)
        outcomes = partner_outcomes(organization=self.organization, programs=chosen, quotes=False)
        return render(
            request,
            "reports/partner_outcomes.html",
            {
                "organization": self.organization,
                "outcomes": outcomes,
                "tables": outcome_tables(outcomes),
                "period": period,
                "chosen_program": program,
                "chosen_year": year,
                "programs": self.partner_programs(),
                "years": self.years(),
                "runs": list(selectors.runs_for_organization(organization=self.organization)[:20]),
            },
        )

    def post(self, request, slug):
        _chosen, program, year, _period = self.period(request.POST, default_year=False)
        if program is None and not year:
            messages.error(request, "Choose a program or an academic year for the report.")
            return redirect("reports:partner_outcomes", slug=slug)
        run = services.request_partner_value(
            organization=self.organization,
            user=request.user,
            program=program,
            academic_year="" if program else year,
        )
        return redirect("reports:partner_value_run", slug=slug, pk=run.pk)


class PartnerValueMixin(ManagedOrganizationMixin):
    def get_run(self) -> ReportRun:
        return selectors.get_run_for_organization(
            organization=self.organization, pk=self.kwargs["pk"]
        )

    def links(self, run: ReportRun) -> dict[str, str]:
        args = [self.organization.slug, run.pk]
        return {
            "run": reverse("reports:partner_value_run", args=args),
            "retry": reverse("reports:partner_value_retry", args=args),
            "download": reverse("reports:partner_value_download", args=args),
            "all": reverse("reports:partner_outcomes", args=[self.organization.slug]),
        }

    def download_name(self, run: ReportRun) -> str:
        return f"{self.organization.slug}-value-report-{run.pk}.pdf"


class PartnerValueRunView(PartnerValueMixin, RunProgressView):
    pass


class PartnerValueRetryView(PartnerValueMixin, RunRetryView):
    pass


class PartnerValueDownloadView(PartnerValueMixin, RunDownloadView):
    pass
