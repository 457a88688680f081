"""Learners and enrollment: the roster, adding, importing and withdrawing learners."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from rotation.forms import LearnerForm, RosterUploadForm
from rotation.importing import import_summary, parse_roster
from rotation.links import row_url
from rotation.selectors.roster import (
    roster_for_program,
    roster_import_for_program,
    roster_rows,
)
from rotation.services.roster import (
    enroll_learner,
    import_roster,
    queue_roster_import,
    reenroll_learner,
    withdraw_learner,
)
from rotation.views.programs import ProgramPermissionMixin


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class RosterView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/roster.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("learner_form", LearnerForm())
        kwargs.setdefault("upload_form", RosterUploadForm())
        kwargs.setdefault("inline_rows", settings.ROTATION_ROSTER_IMPORT_INLINE_ROWS)
        roster = roster_rows(program=self.program)
        if not self.program.is_archived:
            withdraw = row_url("rotation:learner_withdraw", self.program.slug)
            reenroll = row_url("rotation:learner_reenroll", self.program.slug)
            for row in roster:
                action = withdraw if row["is_enrolled"] else reenroll
                row["action_url"] = action(row["enrollment_id"])
        return super().get_context_data(roster=roster, **kwargs)


class LearnerAddView(RosterView):
    def post(self, request, *args, **kwargs):
        form = LearnerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    _, enrolled = enroll_learner(
                        program=self.program,
                        base_url=_base_url(request),
                        actor=request.user,
                        **data,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                name = f"{data['first_name']} {data['last_name']}"
                if enrolled:
                    messages.success(request, f"Enrolled {name}.")
                else:
                    messages.info(request, f"{name} was already enrolled.")
                return redirect("rotation:roster", slug=self.program.slug)
        return self.render_to_response(self.get_context_data(learner_form=form))


class RosterImportView(RosterView):
    """Every row is validated here, so that errors show before anything is written; a roster
    longer than ROTATION_ROSTER_IMPORT_INLINE_ROWS is then imported by a job, with progress."""

    def post(self, request, *args, **kwargs):
        form = RosterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form))
        upload = form.cleaned_data["file"]
        parsed = parse_roster(filename=upload.name, content=upload.read())
        if parsed.errors:
            return self.render_to_response(
                self.get_context_data(upload_form=form, import_errors=parsed.errors)
            )
        rows = [data for _line, data in parsed.rows]
        if len(rows) > settings.ROTATION_ROSTER_IMPORT_INLINE_ROWS:
            job = queue_roster_import(
                program=self.program,
                filename=upload.name,
                rows=rows,
                warnings=parsed.warnings,
                base_url=_base_url(request),
                actor=request.user,
            )
            return redirect("rotation:roster_import_job", slug=self.program.slug, pk=job.pk)
        outcome = import_roster(
            program=self.program, rows=rows, base_url=_base_url(request), actor=request.user
        )
        messages.success(request, import_summary(rows=len(rows), outcome=outcome))
        for warning in parsed.warnings:
            messages.warning(request, warning)
        return redirect("rotation:roster", slug=self.program.slug)


class RosterImportJobView(ProgramPermissionMixin, TemplateView):
    """A roster import job's progress; HTMX polls the partial until it is done or failed."""

    template_name = "rotation/roster_import.html"

    def get_template_names(self):
        return [self.template_name + ("#progress" if self.request.htmx else "")]

    def get_context_data(self, **kwargs):
        job = roster_import_for_program(program=self.program, pk=self.kwargs["pk"])
        summary = job.status == job.Status.DONE and import_summary(rows=job.row_count, outcome=job)
        return super().get_context_data(job=job, summary=summary, **kwargs)


class EnrollmentMixin(ProgramPermissionMixin):
    def get_enrollment(self):
        return get_object_or_404(
            roster_for_program(program=self.program), pk=self.kwargs["enrollment"]
        )


class WithdrawView(EnrollmentMixin, View):
    """Withdraw a learner after a confirmation page: they keep their record and attendance, but
    leave the roster until they are re-enrolled."""

    def get(self, request, *args, **kwargs):
        enrollment = self.get_enrollment()
        roster = reverse("rotation:roster", kwargs={"slug": self.program.slug})
        return render(
            request,
            "rotation/confirm.html",
            {
                "program": self.program,
                "title": f"Withdraw {enrollment.learner.full_name}?",
                "explanation": (
                    f"{enrollment.learner.full_name} leaves the roster, the attendance sheets "
                    "and the letters of this program. Their record and past attendance are kept, "
                    "and you can re-enrol them from the roster at any time."
                ),
                "action": request.path,
                "confirm_label": "Withdraw",
                "back_url": roster,
                "back_label": "Keep enrolled",
            },
        )

    def post(self, request, *args, **kwargs):
        enrollment = self.get_enrollment()
        withdraw_learner(enrollment=enrollment, actor=request.user)
        messages.success(
            request,
            f"Withdrew {enrollment.learner} from {self.program.name}. "
            "To undo, choose Re-enrol next to their name below.",
        )
        return redirect("rotation:roster", slug=self.program.slug)


class ReenrollView(EnrollmentMixin, View):
    """Undo a withdrawal: the learner is back on the roster with their record as it was."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        enrollment = self.get_enrollment()
        reenroll_learner(enrollment=enrollment, actor=request.user)
        messages.success(request, f"Re-enrolled {enrollment.learner} in {self.program.name}.")
        return redirect("rotation:roster", slug=self.program.slug)
