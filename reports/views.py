"""Thin views: report runs (request, progress, download, retry) of a program's course
evaluation, of a faculty member's own feedback and of a user's benchmarking; the web views of
the course evaluation and the benchmarking; the exports. Program views look the program up
through `get_program_for_director` (404 for a program the user does not direct); faculty and
benchmarking views only ever see the user's own runs."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from partners.views.mixins import ManagedOrganizationMixin
from reports import exports, milestones, selectors, services
from reports.benchmarking import benchmarking
from reports.contribution import partner_contribution
from reports.models import ReportRun
from reports.rendering import (
    benchmarking_context,
    contribution_report_pdf,
    render_certificate_pdf,
    render_evidence_pdf,
    report_context,
)
from rotation.exports import export_choices
from rotation.forms import AttendanceExportForm
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors.access import get_program_for_director, programs_for_director
from rotation.selectors.partners import programs_of_partner


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
        return render(request, "reports/report_list.html", {"program": program, "runs": runs})

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
        context = benchmarking_context(benchmarking(user=request.user))
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


# --- A partner's contribution ----------------------------------------------------------------


class ContributionMixin(ManagedOrganizationMixin):
    def contribution(self):
        programs = programs_of_partner(organization=self.organization)
        program_slug = self.request.GET.get("program", "")
        year = self.request.GET.get("year", "")
        if program_slug:
            chosen = [p for p in programs if p.slug == program_slug]
            if not chosen:
                raise Http404("The organization is not a partner in that program.")
            period = str(chosen[0])
        elif year:
            chosen = [p for p in programs if p.academic_year == year]
            period = f"Academic year {year}"
        else:
            chosen = list(programs)
            period = "All programs"
        return partner_contribution(organization=self.organization, programs=chosen), period


class ContributionView(ContributionMixin, TemplateView):
    template_name = "reports/partner_contribution.html"

    def get_context_data(self, **kwargs):
        contribution, period = self.contribution()
        programs = programs_of_partner(organization=self.organization)
        return super().get_context_data(
            contribution=contribution,
            period=period,
            programs=programs,
            years=sorted({p.academic_year for p in programs}, reverse=True),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ContributionPdfView(ContributionMixin, View):
    def get(self, request, slug):
        contribution, period = self.contribution()
        body = contribution_report_pdf(contribution=contribution, period=period)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="contribution-{slug}.pdf"'
        return response


# --- Milestone evidence -----------------------------------------------------------------------


class MilestoneExportMixin(PermissionRequiredMixin):
    """Directors (their programs) and staff (every program): the bulk CSV and the zips of
    PDFs, which only the user who asked for a zip ever sees."""

    permission_required = "reports.export_milestones"

    def get_form(self, data, **kwargs):
        programs = programs_for_director(user=self.request.user)
        choices = export_choices(programs=programs)
        return AttendanceExportForm(data or None, choices=choices, **kwargs)

    def get_run(self) -> ReportRun:
        return selectors.get_milestone_run(user=self.request.user, pk=self.kwargs["pk"])

    def links(self, run: ReportRun) -> dict[str, str]:
        return {
            "run": reverse("reports:milestone_run", args=[run.pk]),
            "retry": reverse("reports:milestone_retry", args=[run.pk]),
            "download": reverse("reports:milestone_download", args=[run.pk]),
            "all": reverse("reports:milestones"),
        }

    def download_name(self, run: ReportRun) -> str:
        scope = slugify(f"{run.residency_program or 'all'} {run.academic_year}")
        return f"milestone-evidence-{scope}-{run.pk}.zip"

    def render_page(self, form=None, zip_form=None, *, status: int = 200):
        context = {
            "form": form or self.get_form(None),
            "zip_form": zip_form or self.get_form(None, auto_id="zip_%s"),
            "runs": list(selectors.milestone_runs_for(user=self.request.user)[:20]),
            "completion_rule": milestones.COMPLETION_RULE,
        }
        return render(self.request, "reports/milestones.html", context, status=status)


class MilestoneExportView(MilestoneExportMixin, View):
    """GET: the choice of academic year and residency program, and the user's zips."""

    def get(self, request):
        return self.render_page()


class MilestoneCsvView(MilestoneExportMixin, View):
    """GET: one row per learner and program, as README's "Milestone evidence" documents."""

    def get(self, request):
        form = self.get_form(request.GET)
        if not form.is_valid():
            return self.render_page(form=form, status=400 if form.is_bound else 200)
        choice = form.cleaned_data
        enrollments = milestones.enrollments_for_export(
            programs=programs_for_director(user=request.user), **choice
        )
        evidence = milestones.evidence_for(enrollments=list(enrollments))
        name = slugify(f"milestones {choice['academic_year']} {choice['residency_program']}")
        response = HttpResponse(milestones.to_csv(evidence), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class MilestoneZipView(MilestoneExportMixin, View):
    """POST: ask the report worker for the zip of the learners' evidence PDFs."""

    def post(self, request):
        form = self.get_form(request.POST, auto_id="zip_%s")
        if not form.is_valid():
            return self.render_page(zip_form=form, status=400)
        run = services.request_milestone_zip(user=request.user, **form.cleaned_data)
        return redirect("reports:milestone_run", pk=run.pk)


class MilestoneRunView(MilestoneExportMixin, RunProgressView):
    pass


class MilestoneRetryView(MilestoneExportMixin, RunRetryView):
    pass


class MilestoneDownloadView(MilestoneExportMixin, RunDownloadView):
    pass


class OwnEvidenceMixin(OwnRecordPermissionMixin):
    """A learner's own evidence and certificate: another learner's enrollment is a 404."""

    permission_required = "reports.view_own_evidence"

    def get_evidence(self) -> milestones.Evidence:
        return milestones.get_own_evidence(
            learner=self.request.user.learner_profile, pk=self.kwargs["pk"]
        )

    def pdf(self, body: bytes, name: str) -> HttpResponse:
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


class OwnEvidencePdfView(OwnEvidenceMixin, View):
    def get(self, request, pk):
        evidence = self.get_evidence()
        return self.pdf(
            render_evidence_pdf(evidence), f"milestone-evidence-{evidence.program.slug}"
        )


class OwnCertificatePdfView(OwnEvidenceMixin, View):
    def get(self, request, pk):
        evidence = self.get_evidence()
        if not evidence.is_completed:
            raise Http404("No certificate: the program is not completed.")
        directors = milestones.director_names(program=evidence.program)
        return self.pdf(
            render_certificate_pdf(evidence, directors=directors),
            f"certificate-{evidence.program.slug}",
        )
