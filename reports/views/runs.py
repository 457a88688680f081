"""Thin views: report runs (request, progress, download, retry) of a program's course
evaluation, of a faculty member's own feedback and of a user's benchmarking; the web views of
the course evaluation and the benchmarking; the exports and their codebook. Program views look
the program up through `get_program_for_director` (404 for a program the user does not direct);
faculty and benchmarking views only ever see the user's own runs."""

import rules
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from assessments.selectors.evaluations import evaluation_settings_for
from assessments.services.demographics import set_research_demographics
from reports import exports, selectors, services
from reports.benchmarking import derived_from_benchmarking
from reports.models import ReportRun
from reports.rendering import benchmarking_context, benchmarking_figures, report_context
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors.access import get_program_for_director


class ProgramReportsMixin(PermissionRequiredMixin):
    """A program's course evaluations: its directors (and staff) only."""

    permission_required = "reports.view_program_reports"

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def get_run(self) -> ReportRun:
        return selectors.get_run_for_program(program=self.get_program(), pk=self.kwargs["pk"])

    def links(self, run: ReportRun) -> dict[str, str]:
        args = [run.program.slug, run.pk]
        return {
            "run": reverse("reports:run", args=args),
            "retry": reverse("reports:retry", args=args),
            "download": reverse("reports:download", args=args),
            "all": reverse("reports:list", args=[run.program.slug]),
        }

    def download_name(self, run: ReportRun) -> str:
        return f"{run.program.slug}-course-evaluation-{run.pk}.pdf"


class FacultyFeedbackMixin(OwnRecordPermissionMixin):
    """A faculty member's own feedback reports: nobody else, not even a director, reads them."""

    permission_required = "reports.view_own_feedback"

    def get_faculty_member(self):
        return self.request.user.faculty_profile

    def get_run(self) -> ReportRun:
        return selectors.get_run_for_faculty_member(
            faculty_member=self.get_faculty_member(), pk=self.kwargs["pk"]
        )

    def links(self, run: ReportRun) -> dict[str, str]:
        return {
            "run": reverse("reports:faculty_feedback_run", args=[run.pk]),
            "retry": reverse("reports:faculty_feedback_retry", args=[run.pk]),
            "download": reverse("reports:faculty_feedback_download", args=[run.pk]),
            "all": reverse("reports:faculty_feedback"),
        }

    def download_name(self, run: ReportRun) -> str:
        return f"teaching-feedback-{run.pk}.pdf"


class BenchmarkingMixin(PermissionRequiredMixin):
    """Benchmarking across years and programs: staff and course directors; each user sees
    only their own PDF runs."""

    permission_required = "reports.view_benchmarking"

    def get_run(self) -> ReportRun:
        return selectors.get_run_for_benchmarking(user=self.request.user, pk=self.kwargs["pk"])

    def links(self, run: ReportRun) -> dict[str, str]:
        return {
            "run": reverse("reports:benchmarking_run", args=[run.pk]),
            "retry": reverse("reports:benchmarking_retry", args=[run.pk]),
            "download": reverse("reports:benchmarking_download", args=[run.pk]),
            "all": reverse("reports:benchmarking"),
        }

    def download_name(self, run: ReportRun) -> str:
        return f"benchmarking-{run.pk}.pdf"


class ReportListView(ProgramReportsMixin, View):
    """GET: the program's report runs, newest first; POST: request a course evaluation."""

    def get(self, request, slug):
        program = self.get_program()
        runs = list(selectors.runs_for_program(program=program))
        context = {"program": program, "runs": runs}
        # The rule alone: has_perm would also ask the model backend (two queries).
        if rules.has_perm("reports.enable_research_demographics", request.user):
            context["research"] = evaluation_settings_for(program=program)
        return render(request, "reports/report_list.html", context)

    def post(self, request, slug):
        program = self.get_program()
        run = services.request_report(program=program, user=request.user)
        return redirect("reports:run", slug=program.slug, pk=run.pk)


class FacultyFeedbackView(FacultyFeedbackMixin, View):
    """GET: the faculty member's feedback reports, newest first; POST: request a new one."""

    def get(self, request):
        runs = list(selectors.runs_for_faculty_member(faculty_member=self.get_faculty_member()))
        return render(request, "reports/faculty_feedback_list.html", {"runs": runs})

    def post(self, request):
        run = services.request_faculty_feedback(
            faculty_member=self.get_faculty_member(), user=request.user
        )
        return redirect("reports:faculty_feedback_run", pk=run.pk)


class RunProgressView(View):
    """A run's progress; HTMX polls the partial until the run is done or failed. Requesting or
    retrying a run adds no flash message: this page is the one place that states how it is."""

    def get(self, request, **kwargs):
        run = self.get_run()
        stuck = services.is_stuck(run, now=timezone.now())
        context = {"run": run, "links": self.links(run), "stuck": stuck}
        if request.htmx:
            return render(request, "reports/report_run.html#progress", context)
        return render(request, "reports/report_run.html", context)


class RunRetryView(View):
    def post(self, request, **kwargs):
        run = self.get_run()
        now = timezone.now()
        if run.status != ReportRun.Status.FAILED and not services.is_stuck(run, now=now):
            messages.info(request, "Only a failed or stuck report can be tried again.")
        else:
            services.retry_report(run=run, now=now)
        return redirect(self.links(run)["run"])


class RunDownloadView(View):
    def get(self, request, **kwargs):
        run = self.get_run()
        if run.status != ReportRun.Status.DONE or not run.file:
            raise Http404("This report has no file yet.")
        content_type = "application/zip" if run.file_suffix == "zip" else "application/pdf"
        return FileResponse(
            run.file.open("rb"),
            as_attachment=True,
            filename=self.download_name(run),
            content_type=content_type,
        )


class ReportRunView(ProgramReportsMixin, RunProgressView):
    pass


class ReportRetryView(ProgramReportsMixin, RunRetryView):
    pass


class ReportDownloadView(ProgramReportsMixin, RunDownloadView):
    pass


class FacultyFeedbackRunView(FacultyFeedbackMixin, RunProgressView):
    pass


class FacultyFeedbackRetryView(FacultyFeedbackMixin, RunRetryView):
    pass


class FacultyFeedbackDownloadView(FacultyFeedbackMixin, RunDownloadView):
    pass


class BenchmarkingView(BenchmarkingMixin, View):
    """GET: every cohort the user may compare, with its charts; POST: request the PDF."""

    def get(self, request):
        figures = derived_from_benchmarking(
            user=request.user, name="benchmarking-page", derive=benchmarking_figures
        )
        context = benchmarking_context(figures)
        context["runs"] = list(selectors.runs_for_benchmarking(user=request.user)[:5])
        return render(request, "reports/benchmarking.html", context)

    def post(self, request):
        run = services.request_benchmarking(user=request.user)
        return redirect("reports:benchmarking_run", pk=run.pk)


class BenchmarkingRunView(BenchmarkingMixin, RunProgressView):
    pass


class BenchmarkingRetryView(BenchmarkingMixin, RunRetryView):
    pass


class BenchmarkingDownloadView(BenchmarkingMixin, RunDownloadView):
    pass


class CourseEvaluationView(ProgramReportsMixin, View):
    """The course evaluation as a web page, with the same charts as the PDF."""

    def get(self, request, slug):
        program = self.get_program()
        context = report_context(selectors.course_report(program=program))
        context["program"] = program
        return render(request, "reports/course_evaluation.html", context)


class ResponsesExportView(ProgramReportsMixin, View):
    """Submitted responses as CSV: de-identified for research, or identified."""

    identified = False

    def get(self, request, slug):
        program = self.get_program()
        header, rows = exports.response_table(program=program, identified=self.identified)
        services.record_export(program=program, user=request.user, identified=self.identified)
        kind = "identified" if self.identified else "deidentified"
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{program.slug}-{kind}.csv"'
        return response


class CodebookView(ProgramReportsMixin, View):
    """What every column of the two exports holds, for whoever analyses them."""

    def get(self, request, slug):
        program = self.get_program()
        response = HttpResponse(
            exports.to_csv(*exports.codebook(program=program)), content_type="text/csv"
        )
        response["Content-Disposition"] = f'attachment; filename="{program.slug}-codebook.csv"'
        return response


class ResearchDemographicsView(ProgramReportsMixin, View):
    """Site staff only (POST): include the optional demographic answers in the program's
    de-identified research export, or stop; audited."""

    permission_required = "reports.enable_research_demographics"
    http_method_names = ["post"]

    def post(self, request, slug):
        program = self.get_program()
        enabled = request.POST.get("enabled") == "yes"
        set_research_demographics(
            program=program, enabled=enabled, actor=request.user, now=timezone.now()
        )
        messages.success(
            request,
            "The research export now includes the demographic answers."
            if enabled
            else "The research export leaves the demographic answers out.",
        )
        return redirect("reports:list", slug=program.slug)
