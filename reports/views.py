"""Thin views: the director's report runs (request, progress, download, retry), the web view
of the course evaluation and the exports. Every view looks the program up through
`get_program_for_director`, which answers 404 for a program the user does not direct."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from reports import exports, selectors, services
from reports.analysis import course_report, faculty_feedback
from reports.models import ReportRun
from reports.rendering import render_faculty_feedback_pdf, report_context
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors import get_program_for_director


class ProgramReportsMixin(PermissionRequiredMixin):
    permission_required = "reports.view_program_reports"

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def get_run(self, program):
        return selectors.get_run_for_program(program=program, pk=self.kwargs["pk"])


class ReportListView(ProgramReportsMixin, View):
    """GET: the program's report runs, newest first; POST: request a course evaluation."""

    def get(self, request, slug):
        program = self.get_program()
        runs = list(selectors.runs_for_program(program=program))
        return render(request, "reports/report_list.html", {"program": program, "runs": runs})

    def post(self, request, slug):
        program = self.get_program()
        run = services.request_report(program=program, user=request.user)
        messages.success(request, "The course evaluation is being prepared.")
        return redirect("reports:run", slug=program.slug, pk=run.pk)


class ReportRunView(ProgramReportsMixin, View):
    """A run's progress; HTMX polls the partial until the run is done or failed."""

    def get(self, request, slug, pk):
        program = self.get_program()
        run = self.get_run(program)
        context = {"program": program, "run": run}
        if request.htmx:
            return render(request, "reports/report_run.html#progress", context)
        return render(request, "reports/report_run.html", context)


class ReportRetryView(ProgramReportsMixin, View):
    def post(self, request, slug, pk):
        program = self.get_program()
        run = self.get_run(program)
        if run.status != ReportRun.Status.FAILED:
            messages.info(request, "Only a failed report can be retried.")
        else:
            services.retry_report(run=run)
            messages.success(request, "The report is being prepared again.")
        return redirect("reports:run", slug=program.slug, pk=run.pk)


class ReportDownloadView(ProgramReportsMixin, View):
    def get(self, request, slug, pk):
        program = self.get_program()
        run = self.get_run(program)
        if run.status != ReportRun.Status.DONE or not run.file:
            raise Http404("This report has no file yet.")
        filename = f"{program.slug}-{run.kind.replace('_', '-')}-{run.pk}.pdf"
        return FileResponse(
            run.file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )


class CourseEvaluationView(ProgramReportsMixin, View):
    """The course evaluation as a web page, with the same charts as the PDF."""

    def get(self, request, slug):
        program = self.get_program()
        context = report_context(course_report(program=program))
        context["program"] = program
        return render(request, "reports/course_evaluation.html", context)


class ResponsesExportView(ProgramReportsMixin, View):
    """Submitted responses as CSV: de-identified for research, or identified."""

    identified = False

    def get(self, request, slug):
        program = self.get_program()
        header, rows = exports.response_table(program=program, identified=self.identified)
        kind = "identified" if self.identified else "deidentified"
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{program.slug}-{kind}.csv"'
        return response


class FacultyFeedbackPdfView(OwnRecordPermissionMixin, View):
    """A faculty member's own feedback, aggregated (n ≥ 5), as a PDF. Small enough to render
    while the faculty member waits."""

    permission_required = "reports.view_own_feedback"

    def get(self, request):
        member = request.user.faculty_profile
        pdf = render_faculty_feedback_pdf(faculty_feedback(faculty_member=member))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="teaching-feedback.pdf"'
        return response
