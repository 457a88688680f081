"""Milestone evidence: the residency-program CSV and the worker's zips of PDFs for directors and
staff, and a learner's own evidence PDF and certificate."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from reports import milestones, selectors, services
from reports.models import ReportRun
from reports.rendering import render_certificate_pdf, render_evidence_pdf
from reports.views.runs import RunDownloadView, RunProgressView, RunRetryView
from rotation.exports import export_choices
from rotation.forms import AttendanceExportForm
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors.access import programs_for_director


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
