"""A session's slides and handouts: listed, uploaded, downloaded and deleted with access checks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from partners.views.mixins import form_errors
from rotation.selectors.access import faculty_to_meet
from teaching import services
from teaching.forms import (
    MaterialForm,
)
from teaching.selectors.sessions import get_material, get_session


class SessionMaterialsView(PermissionRequiredMixin, View):
    """Lists a session's materials to those who may read them; uploads for those who teach."""

    def get_permission_object(self):
        self.session = get_session(pk=self.kwargs["pk"])
        return self.session

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["teaching.upload_material"]
        return ["teaching.view_material"]

    def get(self, request, pk):
        return TemplateResponse(
            request,
            "teaching/session_materials.html",
            {
                "session": self.session,
                "faculty": faculty_to_meet(session=self.session),
                "materials": self.session.materials.all(),
                "form": MaterialForm(),
                "can_upload": request.user.has_perm("teaching.upload_material", self.session),
            },
        )

    def post(self, request, pk):
        form = MaterialForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Choose a file to upload.")
        else:
            try:
                material = services.add_material(
                    session=self.session, upload=form.cleaned_data["file"], uploaded_by=request.user
                )
            except ValidationError as error:
                form_errors(request, error)
            else:
                messages.success(request, f"“{material.original_name}” is uploaded.")
        return HttpResponseRedirect(reverse("teaching:session_materials", args=[pk]))


class MaterialDownloadView(PermissionRequiredMixin, View):
    permission_required = "teaching.view_material"

    def get_permission_object(self):
        self.material = get_material(pk=self.kwargs["pk"])
        return self.material.session

    def get(self, request, pk):
        response = FileResponse(
            self.material.file.open("rb"),
            as_attachment=True,
            filename=self.material.original_name,
            content_type=self.material.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class MaterialDeleteView(PermissionRequiredMixin, View):
    permission_required = "teaching.upload_material"
    http_method_names = ["post"]

    def get_permission_object(self):
        self.material = get_material(pk=self.kwargs["pk"])
        return self.material.session

    def post(self, request, pk):
        session_pk = self.material.session_id
        services.delete_material(material=self.material)
        messages.success(request, "The file is deleted.")
        return redirect("teaching:session_materials", session_pk)
