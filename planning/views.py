from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from partners.forms import AcceptInvitationForm
from planning import services
from planning.forms import InviteMemberForm
from planning.selectors import invitation_from_token, plan_for_program, programs_for_planner
from rotation.views import ProgramPermissionMixin


def _errors_as_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class MyPlanningView(PermissionRequiredMixin, ListView):
    """A planning-team member's start page: the programs they help plan."""

    permission_required = "planning.take_part"
    template_name = "planning/my_planning.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_for_planner(user=self.request.user)


class PlanView(ProgramPermissionMixin, TemplateView):
    """The program as its planning team sees it: goals, team, topics and the draft schedule.
    Directors also invite people onto the team here."""

    permission = "planning.view_plan"
    template_name = "planning/plan.html"

    def get_context_data(self, **kwargs):
        may_manage = self.request.user.has_perm("planning.manage_team", self.program)
        if may_manage and not self.program.is_archived:
            kwargs.setdefault("invite_form", InviteMemberForm(program=self.program))
        return super().get_context_data(
            plan=plan_for_program(program=self.program), may_manage=may_manage, **kwargs
        )


class InviteMemberView(PlanView):
    permission = "planning.manage_team"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InviteMemberForm(request.POST, program=self.program)
        if form.is_valid():
            try:
                services.invite_member(
                    program=self.program, invited_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, f"An invitation is on its way to {form.cleaned_data['email']}."
                )
                return redirect("planning:plan", slug=self.program.slug)
        return self.render_to_response(self.get_context_data(invite_form=form))


class JoinView(FormView):
    """Anyone holding a valid link may join the team: with a new account (choosing a password)
    or, signed in, with the account that has the invited address."""

    template_name = "planning/join.html"
    form_class = AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_from_token(token=kwargs["token"])
        if self.invitation is None:
            return self.render_to_response({"invalid": True}, status=410)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "join" in request.POST and request.user.is_authenticated:
            try:
                services.join_with_account(invitation=self.invitation, user=request.user)
            except ValidationError as error:
                _errors_as_messages(request, error)
                return redirect("home")
            return self._welcome()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = services.accept_invitation(
                invitation=self.invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return self._welcome()

    def _welcome(self):
        program = self.invitation.member.program
        messages.success(self.request, f"Welcome to the planning team of {program.name}.")
        return redirect("planning:plan", slug=program.slug)

    def get_context_data(self, **kwargs):
        member = self.invitation.member
        has_account = get_user_model().objects.filter(email__iexact=member.email).exists()
        return super().get_context_data(member=member, has_account=has_account, **kwargs)
