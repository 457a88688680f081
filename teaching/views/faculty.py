"""The faculty member's pages: My teaching, profile, availability, the volunteer board,
withdrawal and their own recognition letters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from partners.forms import OwnProfileForm
from partners.services import save_faculty_member
from rotation.dates import session_times
from rotation.links import row_url
from rotation.mixins import OwnRecordPermissionMixin
from rotation.models import SessionFaculty
from teaching import pdf, services
from teaching.forms import (
    AvailabilityForm,
    VolunteerForm,
    WithdrawForm,
)
from teaching.selectors.availability import (
    availability_for,
    get_program_for_faculty,
    program_days,
    programs_for_faculty,
)
from teaching.selectors.recognition import programs_taught_by, teaching_record
from teaching.selectors.sessions import (
    co_faculty_by_session,
    get_volunteer_target,
    materials_by_session,
    my_teaching_sessions,
    teaching_sessions,
)
from teaching.selectors.surveys import open_surveys
from teaching.selectors.volunteering import volunteer_board


class FacultyOnlyMixin(OwnRecordPermissionMixin):
    permission_required = "teaching.teach"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.member = request.user.faculty_profile
        return super().dispatch(request, *args, **kwargs)


class OwnProfileView(FacultyOnlyMixin, UpdateView):
    form_class = OwnProfileForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        return self.member

    def form_valid(self, form):
        save_faculty_member(
            faculty_member=form.save(commit=False),
            expertise=form.cleaned_data["expertise"],
            actor=self.request.user,
        )
        messages.success(self.request, "Your profile is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("teaching:my_teaching")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="My faculty profile",
            multipart=True,
            cancel_url=self.get_success_url(),
            **kwargs,
        )


class MyTeachingView(FacultyOnlyMixin, ListView):
    """The faculty member's start page: the sessions they teach, with rooms, co-faculty,
    learners expected and materials."""

    template_name = "teaching/my_teaching.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return my_teaching_sessions(faculty_member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        # Reversed once per page, not once per row (rotation.links), and the times formatted
        # without the date filter's locale lookups per value (rotation.dates).
        manage = row_url("teaching:session_materials")
        withdraw = row_url("teaching:withdraw")
        download = row_url("teaching:material_download")
        sessions = context["sessions"]
        materials = materials_by_session(sessions=sessions)
        co_faculty = co_faculty_by_session(sessions=sessions, faculty_member=self.member)
        for session, times in zip(sessions, session_times(sessions), strict=True):
            session.times = times
            session.manage_url = manage(session.pk)
            session.withdraw_url = withdraw(session.pk)
            session.material_list = materials.get(session.pk, [])
            for material in session.material_list:
                material.download_url = download(material.pk)
            session.co_faculty = co_faculty.get(session.pk, [])
            session.can_withdraw = (
                session.my_confirmation == SessionFaculty.Confirmation.CONFIRMED
                and now <= services.withdrawal_deadline(session=session)
            )
        taught_programs = {session.program for session in context["sessions"]}
        context.update(
            member=self.member,
            now=now,
            # What comes next leads, soonest first; what was taught follows, latest first.
            upcoming=[session for session in sessions if session.ends_at >= now],
            past=[session for session in list(sessions)[::-1] if session.ends_at < now],
            letter_programs=sorted(taught_programs, key=lambda p: p.start_date),
            open_surveys=open_surveys(faculty_member=self.member),
        )
        return context


class AvailabilityIndexView(FacultyOnlyMixin, ListView):
    template_name = "teaching/availability_index.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_for_faculty(faculty_member=self.member)


class AvailabilityView(FacultyOnlyMixin, FormView):
    template_name = "teaching/availability.html"
    form_class = AvailabilityForm

    def get_form_kwargs(self):
        self.program = get_program_for_faculty(faculty_member=self.member, slug=self.kwargs["slug"])
        return {
            **super().get_form_kwargs(),
            "days": program_days(program=self.program),
            "initial_choices": availability_for(faculty_member=self.member, program=self.program),
        }

    def form_valid(self, form):
        try:
            services.set_availability(
                faculty_member=self.member, program=self.program, choices=form.choices()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Your availability for {self.program.name} is saved.")
        return redirect("teaching:availability", self.program.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # builds the form, which finds the program
        context["program"] = self.program
        return context


class VolunteerBoardView(FacultyOnlyMixin, TemplateView):
    template_name = "teaching/volunteer_board.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slots=volunteer_board(faculty_member=self.member), form=VolunteerForm(), **kwargs
        )


class VolunteerView(FacultyOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, kind, pk):
        if kind not in {"session", "topic"}:
            raise Http404("Volunteer for a session or a topic.")
        form = VolunteerForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Keep the note under 1,000 characters.")
            return redirect("teaching:volunteer_board")
        target = get_volunteer_target(kind=kind, pk=pk)
        try:
            services.volunteer(
                faculty_member=self.member,
                note=form.cleaned_data["note"],
                **{kind: target},
            )
        except ValidationError as error:
            notes = [("error", message) for message in error.messages]
        else:
            thanks = f"Thank you! The course director will answer your offer for “{target}”."
            notes = [("success", thanks)]
        if request.htmx:
            return self.render_row(kind, target, notes)
        for level, text in notes:
            messages.add_message(request, getattr(messages, level.upper()), text)
        return redirect("teaching:volunteer_board")

    def render_row(self, kind, target, notes):
        """The slot's table row, updated in place (HTMX)."""
        slot = next(
            (
                slot
                for slot in volunteer_board(faculty_member=self.member)
                if (slot.session if kind == "session" else slot.topic) == target
                and (kind == "topic" or slot.session is not None)
            ),
            None,
        )
        if slot is None:  # no longer open: reload the whole board
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return TemplateResponse(
            self.request,
            "teaching/volunteer_board.html#slot_row",
            {"slot": slot, "row_messages": [{"tags": t, "text": m} for t, m in notes]},
        )


class WithdrawView(FacultyOnlyMixin, FormView):
    template_name = "teaching/withdraw.html"
    form_class = WithdrawForm

    def get_session(self):
        return get_object_or_404(
            teaching_sessions(faculty_member=self.member), pk=self.kwargs["pk"]
        )

    def form_valid(self, form):
        session = self.get_session()
        try:
            services.withdraw_from_session(
                faculty_member=self.member, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"You have withdrawn from “{session.title}”.")
        return redirect("teaching:my_teaching")

    def get_context_data(self, **kwargs):
        session = self.get_session()
        return super().get_context_data(
            session=session, deadline=services.withdrawal_deadline(session=session), **kwargs
        )


class OwnLetterView(FacultyOnlyMixin, View):
    def get(self, request, slug):
        program = get_object_or_404(programs_taught_by(faculty_member=self.member), slug=slug)
        directors = program.directors.order_by("last_name", "first_name")
        names = ", ".join(user.get_full_name() or user.email for user in directors)
        return letter_response(self.member, program, signed_by=names)


def letter_response(member, program, *, signed_by: str) -> HttpResponse:
    record = teaching_record(faculty_member=member, program=program)
    body = pdf.recognition_letter_pdf(record=record, signed_by=signed_by)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.letter_filename(record)}"'
    return response
