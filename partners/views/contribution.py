"""What a partner contributed, on screen and as a PDF."""

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from partners import pdf
from partners.selectors import (
    partner_contribution,
    programs_of_partner,
)
from partners.views.mixins import ManagedOrganizationMixin


class ContributionMixin(ManagedOrganizationMixin):
    def contribution(self):
        programs = programs_of_partner(organization=self.organization)
        program_slug = self.request.GET.get("program", "")
        year = self.request.GET.get("year", "")
        if program_slug:
            chosen = [p for p in programs if p.slug == program_slug]
            if not chosen:
                raise Http404("The organization is not a partner in that program.")
            period = str(chosen[0])
        elif year:
            chosen = [p for p in programs if p.academic_year == year]
            period = f"Academic year {year}"
        else:
            chosen = list(programs)
            period = "All programs"
        return partner_contribution(organization=self.organization, programs=chosen), period


class ContributionView(ContributionMixin, TemplateView):
    template_name = "partners/contribution.html"

    def get_context_data(self, **kwargs):
        contribution, period = self.contribution()
        programs = programs_of_partner(organization=self.organization)
        return super().get_context_data(
            contribution=contribution,
            period=period,
            programs=programs,
            years=sorted({p.academic_year for p in programs}, reverse=True),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ContributionPdfView(ContributionMixin, View):
    def get(self, request, slug):
        contribution, period = self.contribution()
        body = pdf.contribution_report_pdf(contribution=contribution, period=period)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="contribution-{slug}.pdf"'
        return response
