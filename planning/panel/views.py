"""The advisory panel's pages: a program's and the partnership's meetings, one meeting's record
(attendance, minutes, decisions, action items), and the action items a user owns or follows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from planning.links import with_action_links
from planning.models import AdvisoryMeeting
from planning.panel import services
from planning.panel.forms import (
    ATTENDED,
    INVITED,
    ActionFilterForm,
    ActionForm,
    AttendanceForm,
    MeetingForm,
)
from planning.panel.selectors import (
    action_owners,
    actions_for_user,
    get_action,
    get_meeting,
    meeting_candidates,
    meeting_record,
    meetings_for_program,
    partnership_meetings,
)
from rotation.views.programs import ProgramPermissionMixin


def _errors_as_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class ProgramMeetingsView(ProgramPermissionMixin, TemplateView):
    """The program's advisory meetings, for its planning team and directors."""

    permission = "planning.view_plan"
    template_name = "planning/meetings.html"

    def get_context_data(self, **kwargs):
        may_run = self.request.user.has_perm("planning.manage_team", self.program)
        return super().get_context_data(
            meetings=list(meetings_for_program(program=self.program)),
            may_manage=may_run,
            may_run=may_run and not self.program.is_archived,
            **kwargs,
        )


class PartnershipMeetingsView(PermissionRequiredMixin, TemplateView):
    """The meetings of the whole partnership, for every planning-team member and liaison."""

    permission_required = "planning.view_panel"
    template_name = "planning/meetings.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=list(partnership_meetings()),
            may_run=self.request.user.has_perm("planning.run_partnership_meetings"),
            **kwargs,
        )


class MeetingFormMixin:
    template_name = "planning/meeting_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                meeting = services.save_meeting(meeting=form.save(commit=False), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"The meeting “{meeting.title}” is saved.")
                return redirect("planning:meeting", pk=meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ProgramMeetingCreateView(MeetingFormMixin, ProgramPermissionMixin, TemplateView):
    permission = "planning.manage_team"

    def make_form(self, data=None):
        return MeetingForm(data, instance=AdvisoryMeeting(program=self.program))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Schedule an advisory meeting", **kwargs)


class PartnershipMeetingCreateView(MeetingFormMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "planning.run_partnership_meetings"

    def make_form(self, data=None):
        return MeetingForm(data, instance=AdvisoryMeeting(program=None))

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Schedule a partnership meeting", **kwargs)


class MeetingMixin(PermissionRequiredMixin):
    """One meeting, looked up by id, then the permission checked on it."""

    permission_required = "planning.view_meeting"

    def get_permission_object(self):
        if not hasattr(self, "meeting"):
            self.meeting = get_meeting(pk=self.kwargs["pk"])
        return self.meeting

    def get_context_data(self, **kwargs):
        kwargs.setdefault("meeting", self.meeting)
        kwargs.setdefault("program", self.meeting.program)
        return super().get_context_data(**kwargs)


class MeetingView(MeetingMixin, TemplateView):
    """The meeting's details and record; those who run it record attendance and add actions."""

    template_name = "planning/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting, user = self.meeting, self.request.user
        record = meeting_record(meeting=meeting)
        with_action_links(record.actions)
        may_run = user.has_perm("planning.run_meeting", meeting)
        is_read_only = meeting.program is not None and meeting.program.is_archived
        if may_run and not is_read_only:
            if "attendance_form" not in kwargs:
                current = {
                    _key(attendee): ATTENDED if attendee.attended else INVITED
                    for attendee in record.attendees
                }
                kwargs["attendance_form"] = AttendanceForm(
                    candidates=meeting_candidates(program=meeting.program), current=current
                )
            kwargs.setdefault(
                "action_form", ActionForm(owners=action_owners(program=meeting.program))
            )
        return super().get_context_data(
            record=record,
            may_run=may_run and not is_read_only,
            read_only=is_read_only,
            may_manage=user.has_perm("planning.manage_team", meeting.program)
            if meeting.program
            else False,
            **kwargs,
        )


def _key(attendee) -> str:
    return f"member-{attendee.member_id}" if attendee.member_id else f"user-{attendee.user_id}"


class MeetingEditView(MeetingFormMixin, MeetingMixin, TemplateView):
    permission_required = "planning.run_meeting"

    def make_form(self, data=None):
        return MeetingForm(data, instance=self.meeting)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Edit {self.meeting.title}", **kwargs)


class MeetingActionView(MeetingView):
    """A POST about a meeting; form errors are shown on the meeting's page."""

    permission_required = "planning.run_meeting"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.act(form)
            except ValidationError as error:
                _errors_as_messages(request, error)
            else:
                messages.success(request, self.done)
                return redirect("planning:meeting", pk=self.meeting.pk)
        return self.render_to_response(self.get_context_data(**{self.form_name: form}))


class MeetingAttendanceView(MeetingActionView):
    form_name = "attendance_form"
    done = "Attendance is recorded."

    def make_form(self, data):
        return AttendanceForm(
            data, candidates=meeting_candidates(program=self.meeting.program), current={}
        )

    def act(self, form):
        services.record_attendance(
            meeting=self.meeting,
            invited=form.invited(),
            attended=form.attended(),
            actor=self.request.user,
        )


class ActionCreateView(MeetingActionView):
    form_name = "action_form"
    done = "The action item is added; its owner gets reminders before the due date."

    def make_form(self, data):
        return ActionForm(data, owners=action_owners(program=self.meeting.program))

    def act(self, form):
        services.add_action(meeting=self.meeting, actor=self.request.user, **form.cleaned_data)


class ActionsView(PermissionRequiredMixin, TemplateView):
    """The action items a user owns, and those of the meetings they run."""

    permission_required = "planning.view_panel"
    template_name = "planning/actions.html"

    def get_context_data(self, **kwargs):
        filters = ActionFilterForm(self.request.GET)
        status = (filters.cleaned_data["status"] if filters.is_valid() else "") or "open"
        actions = with_action_links(list(actions_for_user(user=self.request.user, status=status)))
        return super().get_context_data(
            filters=filters,
            status=status,
            actions=actions,
            caption=f"{len(actions)} {status} action item{'s' if len(actions) != 1 else ''}",
            **kwargs,
        )


class ActionDoneView(PermissionRequiredMixin, TemplateView):
    """The owner, or someone who runs the meeting, marks an action done (or open again)."""

    permission_required = "planning.complete_action"
    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "action"):
            self.action = get_action(pk=self.kwargs["pk"])
        return self.action

    def post(self, request, *args, **kwargs):
        action = self.action
        try:
            if request.POST.get("reopen"):
                services.reopen_action(action=action, actor=request.user)
                messages.success(request, f"“{action}” is open again.")
            else:
                services.complete_action(action=action, actor=request.user)
                messages.success(request, f"“{action}” is done.")
        except ValidationError as error:
            _errors_as_messages(request, error)
        back = request.POST.get("back")
        if back in {"actions", "my_planning"}:
            return redirect(f"planning:{back}")
        if back == "plan" and action.meeting.program is not None:
            return redirect("planning:plan", slug=action.meeting.program.slug)
        return redirect("planning:meeting", pk=action.meeting_id)
