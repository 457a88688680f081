"""Pages a partner printed or copied for a program, recorded from its contribution page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import View

from partners.views.mixins import ManagedOrganizationMixin, form_errors
from rotation.selectors.partners import programs_of_partner
from teaching import services
from teaching.forms import (
    PrintingRecordForm,
)


class PrintingRecordCreateView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = PrintingRecordForm(
            request.POST,
            organization=self.organization,
            programs=programs_of_partner(organization=self.organization),
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("reports:partner_contribution", slug)
        try:
            record = services.record_printing(
                organization=self.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(request, error)
        else:
            messages.success(request, f"{record.pages} printed pages are recorded.")
        return redirect("reports:partner_contribution", slug)
