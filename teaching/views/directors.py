"""The course director's side: volunteers to review and recognition letters to send."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from partners.views.mixins import form_errors
from rotation.selectors.access import get_program_for_director
from teaching import services
from teaching.forms import (
    DecisionForm,
)
from teaching.models import VolunteerOffer
from teaching.selectors.recognition import faculty_who_taught, programs_with_partners_for_director
from teaching.selectors.volunteering import offers_for_program
from teaching.views.faculty import letter_response


class DirectedProgramMixin(PermissionRequiredMixin):
    permission_required = "rotation.direct_programs"

    def get_permission_object(self):
        return None  # a role gate; the object is then looked up with access checks

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.program = get_program_for_director(user=request.user, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class DirectorOverviewView(PermissionRequiredMixin, ListView):
    """A director's way in: each program's waiting volunteers and its partners' pages."""

    permission_required = "rotation.direct_programs"
    template_name = "teaching/director_overview.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_with_partners_for_director(user=self.request.user)


class ProgramVolunteersView(DirectedProgramMixin, TemplateView):
    template_name = "teaching/program_volunteers.html"

    def get_context_data(self, **kwargs):
        offers = list(offers_for_program(program=self.program))
        taught = faculty_who_taught(program=self.program)
        return super().get_context_data(
            program=self.program,
            open_offers=[o for o in offers if o.status == VolunteerOffer.Status.OFFERED],
            decided_offers=[o for o in offers if o.status != VolunteerOffer.Status.OFFERED],
            taught=taught,
            form=DecisionForm(),
            **kwargs,
        )


class OfferDecisionView(DirectedProgramMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk, decision):
        if decision not in {"confirm", "decline"}:
            raise Http404("Confirm or decline.")
        offer = get_object_or_404(offers_for_program(program=self.program), pk=pk)
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            if decision == "confirm":
                services.confirm_offer(offer=offer, decided_by=request.user)
            else:
                services.decline_offer(offer=offer, decided_by=request.user, note=note)
        except ValidationError as error:
            form_errors(request, error)
        else:
            verb = "confirmed" if decision == "confirm" else "declined"
            messages.success(
                request, f"{offer.faculty_member.full_name} is {verb}; they will get an email."
            )
        return redirect("teaching:program_volunteers", slug)


class DirectorLetterView(DirectedProgramMixin, View):
    def get_member(self):
        return get_object_or_404(faculty_who_taught(program=self.program), pk=self.kwargs["pk"])

    def get(self, request, slug, pk):
        return letter_response(self.get_member(), self.program, signed_by=_signature(request.user))

    def post(self, request, slug, pk):
        member = self.get_member()
        services.send_recognition_letter(
            faculty_member=member, program=self.program, signed_by=_signature(request.user)
        )
        messages.success(request, f"The letter is on its way to {member.email}.")
        return redirect("teaching:program_volunteers", slug)


def _signature(user) -> str:
    return user.get_full_name() or user.email
