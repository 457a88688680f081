"""An organization's in-kind valuation rates, one academic year at a time."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from partners import services
from partners.forms import ValuationRatesForm
from partners.selectors import current_academic_year, rates_for, stored_rates
from partners.valuation import DEFAULT_RATES, MEDIUM_ROOM_MAX_SEATS, SMALL_ROOM_MAX_SEATS
from partners.views.mixins import ManagedOrganizationMixin

ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def chosen_year(request) -> str:
    """The `year` asked for when it reads as an academic year (2026-2027), else this year."""
    year = request.GET.get("year", "")
    match = ACADEMIC_YEAR.match(year)
    if match and int(match[2]) == int(match[1]) + 1:
        return year
    if year:
        messages.error(request, f"“{year[:20]}” is not an academic year such as 2026-2027.")
    return current_academic_year(today=timezone.localdate())


class ValuationRatesView(ManagedOrganizationMixin, View):
    """GET: the rates of the chosen year (the defaults until changed); POST: change them.
    Liaisons, the directors of the programs the organization partners in, and staff."""

    template_name = "partners/valuation_rates.html"

    def get(self, request, slug):
        year = chosen_year(request)
        rates = rates_for(organization=self.organization, academic_year=year)
        return self.render(ValuationRatesForm(instance=rates), year=year, rates=rates)

    def post(self, request, slug):
        year = chosen_year(request)
        rates = rates_for(organization=self.organization, academic_year=year)
        form = ValuationRatesForm(request.POST, instance=rates)
        if not form.is_valid():
            return self.render(form, year=year, rates=rates, status=400)
        services.save_valuation_rates(
            organization=self.organization,
            academic_year=year,
            rates=form.cleaned_data,
            actor=request.user,
        )
        messages.success(request, f"The rates for {year} are saved.")
        url = reverse("partners:valuation_rates", args=[self.organization.slug])
        return redirect(f"{url}?year={year}")

    def render(self, form, *, year, rates, status=200):
        defaults = [(form[name].label, DEFAULT_RATES[name]) for name in DEFAULT_RATES]
        return render(
            self.request,
            self.template_name,
            {
                "organization": self.organization,
                "form": form,
                "year": year,
                "rates": rates,
                "defaults": defaults,
                "stored": list(stored_rates(organization=self.organization)),
                "small_max": SMALL_ROOM_MAX_SEATS,
                "medium_max": MEDIUM_ROOM_MAX_SEATS,
            },
            status=status,
        )
