from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from partners.views.mixins import InvitationLinkView, form_errors
from planning import services
from planning.forms import (
    BoardFilterForm,
    CommentForm,
    DeclineForm,
    InviteMemberForm,
    ProposalForm,
)
from planning.links import with_action_links
from planning.models import TeamMember
from planning.patients.selectors import co_teaching_of
from planning.selectors import (
    discussion_of,
    get_proposal_for_program,
    invitation_from_token,
    membership_of,
    own_open_actions,
    plan_for_program,
    programs_for_planner,
    proposals_for_program,
)
from rotation.dates import session_times
from rotation.links import row_url
from rotation.views.programs import ProgramPermissionMixin


class MyPlanningView(PermissionRequiredMixin, ListView):
    """A planning-team member's start page: the programs they help plan."""

    permission_required = "planning.take_part"
    template_name = "planning/my_planning.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_for_planner(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            my_actions=with_action_links(own_open_actions(user=self.request.user)), **kwargs
        )


class PlanView(ProgramPermissionMixin, TemplateView):
    """The program as its planning team sees it: goals, team, topics and the draft schedule.
    Directors also invite people onto the team here."""

    permission = "planning.view_plan"
    template_name = "planning/plan.html"

    def get_context_data(self, **kwargs):
        may_manage = self.request.user.has_perm("planning.manage_team", self.program)
        if may_manage and not self.program.is_archived:
            kwargs.setdefault("invite_form", InviteMemberForm(program=self.program))
        plan = plan_for_program(program=self.program)
        for session, times in zip(plan.sessions, session_times(plan.sessions), strict=True):
            session.times = times
        proposal = row_url("planning:proposal", self.program.slug)
        for topic in plan.topics:
            if topic.proposal_pk is not None:
                topic.proposal_url = proposal(topic.proposal_pk)
        member = plan.membership_of(self.request.user)
        if member is not None and member.role == TeamMember.Role.PATIENT_PARTNER:
            kwargs["my_patient_page"] = reverse(
                "planning:patient_partner", args=[self.program.slug, member.pk]
            )
            # the member as the permission check read them (a query only for a director)
            joined = membership_of(user=self.request.user, program=self.program)
            kwargs["my_co_teaching"] = co_teaching_of(member=joined)
        return super().get_context_data(
            plan=plan,
            may_manage=may_manage,
            my_actions=with_action_links(own_open_actions(user=self.request.user)),
            **kwargs,
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


class JoinView(InvitationLinkView):
    """Anyone holding a valid link may join the team: with a new account (choosing a password)
    or, signed in, with the account that has the invited address."""

    template_name = "planning/join.html"

    def invitation_from_token(self, token):
        return invitation_from_token(token=token)

    def invited_email(self):
        return self.invitation.member.email

    def join(self, user):
        services.join_with_account(invitation=self.invitation, user=user)

    def accept(self, password):
        return services.accept_invitation(invitation=self.invitation, password=password)

    def welcome(self, *, new_account):
        program = self.invitation.member.program
        messages.success(self.request, f"Welcome to the planning team of {program.name}.")
        return redirect("planning:plan", slug=program.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.invitation.member, **kwargs)


class ProposalBoardView(ProgramPermissionMixin, TemplateView):
    """Every proposal of the program, filtered by status and by the kind of proposer."""

    permission = "planning.view_plan"
    template_name = "planning/proposal_board.html"

    def get_context_data(self, **kwargs):
        filters = BoardFilterForm(self.request.GET)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        proposals = proposals_for_program(
            program=self.program,
            user=self.request.user,
            status=chosen.get("status", ""),
            proposer_kind=chosen.get("proposer_kind", ""),
        )
        return super().get_context_data(
            filters=filters,
            proposals=list(proposals),
            may_propose=self.request.user.has_perm("planning.propose", self.program),
            **kwargs,
        )


class ProposalCreateView(ProgramPermissionMixin, FormView):
    permission = "planning.propose"
    template_name = "planning/proposal_form.html"
    form_class = ProposalForm

    def form_valid(self, form):
        try:
            proposal = services.submit_proposal(
                program=self.program, proposer=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Your proposal “{proposal.title}” is on the board.")
        return redirect("planning:proposal", slug=self.program.slug, pk=proposal.pk)


class ProposalMixin(ProgramPermissionMixin):
    """The program (access-checked) and one of its proposals."""

    permission = "planning.view_plan"

    def dispatch(self, request, *args, **kwargs):
        self.proposal = None
        return super().dispatch(request, *args, **kwargs)

    def get_proposal(self):
        if self.proposal is None:
            self.proposal = get_proposal_for_program(program=self.program, pk=self.kwargs["pk"])
        return self.proposal


class ProposalDetailView(ProposalMixin, TemplateView):
    """A proposal with its discussion; members comment and endorse, directors decide here."""

    template_name = "planning/proposal_detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.get_proposal()
        comments, endorsements = discussion_of(proposal=proposal)
        user = self.request.user
        kwargs.setdefault("comment_form", CommentForm())
        kwargs.setdefault("decline_form", DeclineForm())
        return super().get_context_data(
            proposal=proposal,
            comments=comments,
            endorsements=endorsements,
            has_endorsed=any(e.user_id == user.pk for e in endorsements),
            may_propose=user.has_perm("planning.propose", self.program),
            may_decide=user.has_perm("planning.decide_proposal", self.program),
            **kwargs,
        )


class ProposalActionView(ProposalDetailView):
    """A POST about one proposal: the service's refusal is shown on the proposal's page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(**{self.form_name: form}))
        try:
            self.act(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            form_errors(request, error)
        else:
            messages.success(request, self.done)
        return redirect("planning:proposal", slug=self.program.slug, pk=self.get_proposal().pk)


class ProposalCommentView(ProposalActionView):
    permission = "planning.propose"
    form_class, form_name = CommentForm, "comment_form"
    done = "Your comment is added."

    def act(self, data):
        services.comment_on_proposal(
            proposal=self.get_proposal(), author=self.request.user, body=data["body"]
        )


class ProposalEndorseView(ProposalActionView):
    permission = "planning.propose"
    form_class = None
    done = "You endorse this proposal."

    def act(self, data):
        services.endorse_proposal(proposal=self.get_proposal(), user=self.request.user)


class ProposalAcceptView(ProposalActionView):
    permission = "planning.decide_proposal"
    form_class = None
    done = "Accepted: the proposal is now a topic of the program."

    def act(self, data):
        services.accept_proposal(proposal=self.get_proposal(), director=self.request.user)


class ProposalDeclineView(ProposalActionView):
    permission = "planning.decide_proposal"
    form_class, form_name = DeclineForm, "decline_form"
    done = "Declined; the proposer is told why."

    def act(self, data):
        services.decline_proposal(
            proposal=self.get_proposal(), director=self.request.user, reason=data["reason"]
        )
