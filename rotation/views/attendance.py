"""Attendance: the session sheet, the sign-in PDF and the program summary."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from rotation.documents import sign_in_sheet_pdf
from rotation.forms import AttendanceForm
from rotation.models import Attendance
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
        enrollment = get_object_or_404(
            enrolled_learners(program=self.program), learner_id=request.POST.get("learner")
        )
        if not form.is_valid():
            return HttpResponseBadRequest("Choose present, absent or excused.")
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
        return super().get_context_data(learners=learners, sessions=sessions, **kwargs)
