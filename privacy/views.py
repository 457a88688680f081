"""The learner's "My data" page and download, and site staff's export and deletion pages."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from privacy.selectors import (
    learner_for_staff,
    learner_record,
    open_deletion_request_for,
    open_deletion_requests,
)
from privacy.services import deidentify_learner, other_roles_of, request_deletion
from rotation.mixins import OwnRecordPermissionMixin
from rotation.models import Learner


def record_download(learner: Learner) -> HttpResponse:
    record = learner_record(learner_id=learner.pk)
    body = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mini-rotation-learner-{learner.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MyDataView(OwnRecordPermissionMixin, TemplateView):
    """What we keep about the signed-in resident, the download, and a deletion request."""

    permission_required = "privacy.export_own_data"
    template_name = "privacy/my_data.html"

    def get_context_data(self, **kwargs):
        learner = self.request.user.learner_profile
        return super().get_context_data(
            deletion_request=open_deletion_request_for(learner=learner), **kwargs
        )


class MyDataExportView(OwnRecordPermissionMixin, View):
    permission_required = "privacy.export_own_data"

    def get(self, request):
        return record_download(request.user.learner_profile)


class RequestDeletionView(OwnRecordPermissionMixin, View):
    permission_required = "privacy.export_own_data"

    def post(self, request):
        _, created = request_deletion(learner=request.user.learner_profile)
        if created:
            messages.success(
                request,
                "Your request is with site staff. Once they delete your account you can no "
                "longer sign in; your answers then count in course statistics only under a "
                "code, without your name.",
            )
        else:
            messages.info(request, "You have already asked; site staff will deal with it.")
        return redirect("privacy:my_data")


class StaffLearnerMixin(PermissionRequiredMixin):
    permission_required = "privacy.manage_learner_data"

    def get_learner(self) -> Learner:
        return learner_for_staff(pk=self.kwargs["pk"])


class LearnerExportView(StaffLearnerMixin, View):
    """Site staff produce a learner's export on their request (e.g. by email)."""

    def get(self, request, pk):
        return record_download(self.get_learner())


class LearnerDeleteView(StaffLearnerMixin, TemplateView):
    """A confirmation page stating what deletion does, then the de-identification."""

    template_name = "privacy/learner_delete.html"

    def get_context_data(self, **kwargs):
        learner = self.get_learner()
        return super().get_context_data(
            learner=learner,
            other_roles=other_roles_of(learner.user) if learner.user else [],
            deletion_request=open_deletion_request_for(learner=learner),
            **kwargs,
        )

    def post(self, request, pk):
        learner = self.get_learner()
        already = learner.deidentified_at is not None
        try:
            learner = deidentify_learner(learner=learner, erased_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("privacy:learner_delete", pk=learner.pk)
        if already:
            messages.info(request, f"Already de-identified, as {learner.last_name}.")
        else:
            messages.success(
                request,
                f"Deleted the account; the learner's answers are kept as {learner.last_name}.",
            )
        return redirect("privacy:deletion_requests")


class DeletionRequestListView(PermissionRequiredMixin, TemplateView):
    permission_required = "privacy.manage_learner_data"
    template_name = "privacy/deletion_requests.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(requests=list(open_deletion_requests()), **kwargs)
