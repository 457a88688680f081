"""Attendance: the session sheet, the sign-in PDF, the program summary and the export for other
systems."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from rotation.documents import sign_in_sheet_pdf
from rotation.exports import attendance_rows, export_choices, to_csv
from rotation.forms import AttendanceExportForm, AttendanceForm
from rotation.links import row_url
from rotation.models import Attendance
from rotation.namesakes import namesake_details
from rotation.selectors.access import programs_for_director
from rotation.selectors.roster import attendance_sheet, attendance_summary, enrolled_learners
from rotation.selectors.schedule import get_session_for_program
from rotation.services.attendance import mark_all_present, record_attendance
from rotation.views.programs import ProgramPermissionMixin
from rotation.views.schedule import pdf_response


class AttendanceSheetView(ProgramPermissionMixin, TemplateView):
    """A phone-friendly sign-in sheet: tap present, absent or excused; or all present."""

    template_name = "rotation/attendance_sheet.html"

    def get_context_data(self, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        return super().get_context_data(
            session=session,
            sheet=attendance_sheet(session=session),
            statuses=Attendance.Status.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        if "all_present" in request.POST:
            count = mark_all_present(session=session, recorded_by=request.user)
            messages.success(request, f"Marked all {count} enrolled learners present.")
            return redirect(request.path)
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Choose a learner and present, absent or excused.")
        enrollment = get_object_or_404(
            enrolled_learners(program=self.program), learner_id=form.cleaned_data["learner"]
        )
        status = form.cleaned_data["status"]
        record_attendance(
            session=session, learner=enrollment.learner, status=status, recorded_by=request.user
        )
        if request.htmx:
            return render(
                request,
                "rotation/attendance_sheet.html#row",
                {
                    "program": self.program,
                    "session": session,
                    "enrollment": enrollment,
                    "status": status,
                    "statuses": Attendance.Status.choices,
                    "details": namesake_details(
                        e.learner for e in enrolled_learners(program=self.program)
                    ),
                },
            )
        return redirect(request.path)


class SignInSheetPdfView(ProgramPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        context = {
            "program": self.program,
            "session": session,
            "enrollments": list(enrolled_learners(program=self.program)),
        }
        return pdf_response(sign_in_sheet_pdf(context=context), f"sign-in-{session.pk}.pdf")


class AttendanceSummaryView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/attendance_summary.html"

    def get_context_data(self, **kwargs):
        learners, sessions = attendance_summary(program=self.program)
        sheet = row_url("rotation:attendance_sheet", self.program.slug)
        pdf = row_url("rotation:sign_in_sheet", self.program.slug)
        for session in sessions:
            session.sheet_url, session.pdf_url = sheet(session.pk), pdf(session.pk)
        return super().get_context_data(learners=learners, sessions=sessions, **kwargs)


class AttendanceExportView(PermissionRequiredMixin, TemplateView):
    """Attendance and completion per learner for other systems (rotation/exports.py): the form,
    and with a valid choice the CSV of the programs the user directs (staff: all programs)."""

    permission_required = "rotation.export_attendance"
    template_name = "rotation/attendance_export.html"

    def get(self, request, *args, **kwargs):
        programs = programs_for_director(user=request.user)
        form = AttendanceExportForm(request.GET or None, choices=export_choices(programs=programs))
        if not form.is_valid():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400 if form.is_bound else 200)
        choice = form.cleaned_data
        rows = attendance_rows(programs=programs, **choice)
        name = slugify(f"attendance {choice['academic_year']} {choice['residency_program']}")
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
