"""A partner's liaison invites a colleague from another local organization into a program's
faculty pool, when the program's directors allow it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from rotation.forms import PoolInvitationForm
from rotation.services.pool import invite_colleague
from rotation.views.programs import ProgramPermissionMixin


class PoolInviteView(ProgramPermissionMixin, FormView):
    permission = "rotation.invite_to_faculty_pool"
    template_name = "rotation/pool_invite.html"
    form_class = PoolInvitationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            entry = invite_colleague(
                program=self.program,
                invited_by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        member = entry.faculty_member
        messages.success(
            self.request,
            f"{member.full_name} ({member.organization.name}) is in the faculty pool of "
            f"{self.program.name}"
            + ("; an invitation is on its way." if member.user_id is None else "."),
        )
        return redirect("rotation:faculty_pool_invite", slug=self.program.slug)
