"""Partnership agreements (listed, written, renewed, their signed document downloaded) and the
organization's contacts."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from partners import services
from partners.forms import AgreementForm, ContactForm, RenewAgreementForm
from partners.selectors import (
    agreement_overview,
    agreements_for_organization,
    contacts_for_organization,
    get_agreement,
    get_agreement_with_document,
    sponsors,
)
from partners.views.mixins import ManagedOrganizationMixin, form_errors


class AgreementListView(ManagedOrganizationMixin, TemplateView):
    """The organization's agreements, current first, renewed ones as history: 13 queries
    whatever their number (see tests/partners/test_agreements.py)."""

    template_name = "partners/agreement_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            agreements=agreements_for_organization(organization=self.organization),
            can_change=self.request.user.has_perm("partners.change_agreements", self.organization),
            **kwargs,
        )


class AgreementOverviewView(PermissionRequiredMixin, ListView):
    """Every current agreement of the organizations the user manages, expiring ones first."""

    permission_required = "partners.agreement_overview"
    template_name = "partners/agreement_overview.html"
    context_object_name = "agreements"

    def get_queryset(self):
        return agreement_overview(user=self.request.user)


class AgreementEditView(ManagedOrganizationMixin, UpdateView):
    form_class = AgreementForm
    template_name = "partners/form.html"
    organization_permission = "partners.change_agreements"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return get_agreement(organization=self.organization, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organization": self.organization,
            "sponsors": sponsors(),
        }

    def form_valid(self, form):
        agreement = form.save(commit=False)
        if agreement.pk is None:
            agreement.created_by = self.request.user
        try:
            services.save_agreement(
                agreement=agreement,
                document=form.cleaned_data["document"],
                actor=self.request.user,
            )
        except ValidationError as error:
            form.add_error("document", error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{agreement.title}” is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:agreement_list", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        heading = f"Edit {self.object.title}" if self.object else "Add an agreement"
        return super().get_context_data(
            heading=heading, multipart=True, cancel_url=self.get_success_url(), **kwargs
        )


class AgreementRenewView(ManagedOrganizationMixin, FormView):
    """A new term for an agreement; the old one stays, as history."""

    form_class = RenewAgreementForm
    template_name = "partners/agreement_renew.html"
    organization_permission = "partners.change_agreements"

    def get_agreement(self):
        return get_agreement(organization=self.organization, pk=self.kwargs["pk"])

    def get_initial(self):
        agreement = self.get_agreement()
        length = agreement.ends_on - agreement.starts_on
        starts_on = agreement.ends_on + timedelta(days=1)
        return {"starts_on": starts_on, "ends_on": starts_on + length}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            renewal = services.renew_agreement(
                agreement=self.get_agreement(),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                signed_on=data["signed_on"],
                document=data["document"],
                actor=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The agreement is renewed until {renewal.ends_on:%B} {renewal.ends_on.day}, "
            f"{renewal.ends_on:%Y}.",
        )
        return redirect("partners:agreement_list", self.organization.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.get_agreement(), **kwargs)


class AgreementDocumentView(PermissionRequiredMixin, View):
    """The signed document, for those who manage the organization; never served from /media."""

    permission_required = "partners.view_agreements"

    def get_permission_object(self):
        self.agreement = get_agreement_with_document(pk=self.kwargs["pk"])
        return self.agreement.organization

    def get(self, request, pk):
        response = FileResponse(
            self.agreement.document.open("rb"),
            as_attachment=True,
            filename=self.agreement.document_name or "agreement.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ContactEditView(ManagedOrganizationMixin, UpdateView):
    form_class = ContactForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            contacts_for_organization(organization=self.organization), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        contact = services.save_contact(contact=form.save(commit=False), actor=self.request.user)
        messages.success(self.request, f"{contact.name} is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:organization_detail", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        heading = f"Edit {self.object.name}" if self.object else "Add a contact"
        return super().get_context_data(
            heading=heading, cancel_url=self.get_success_url(), **kwargs
        )


class ContactDeleteView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        contact = get_object_or_404(
            contacts_for_organization(organization=self.organization), pk=pk
        )
        try:
            services.remove_contact(contact=contact, actor=request.user)
        except ValidationError as error:
            form_errors(request, error)
        else:
            messages.success(request, f"{contact.name} is removed from the contacts.")
        return redirect("partners:organization_detail", slug)
