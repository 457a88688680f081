"""The faculty pool: members, photos, and invitations to set a password."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from partners import services
from partners.forms import (
    AcceptInvitationForm,
    FacultyMemberForm,
)
from partners.selectors import (
    account_exists,
    faculty_for_organization,
    get_faculty_member_with_photo,
    invitation_from_token,
)
from partners.views.mixins import ManagedOrganizationMixin, form_errors


class FacultyListView(ManagedOrganizationMixin, ListView):
    template_name = "partners/faculty_list.html"
    context_object_name = "faculty"

    def get_queryset(self):
        return faculty_for_organization(organization=self.organization)


class FacultyEditView(ManagedOrganizationMixin, UpdateView):
    form_class = FacultyMemberForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            faculty_for_organization(organization=self.organization), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        member = services.save_faculty_member(
            faculty_member=form.save(commit=False),
            expertise=form.cleaned_data["expertise"],
            actor=self.request.user,
        )
        messages.success(self.request, f"{member.full_name} is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:faculty_list", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        heading = f"Edit {self.object.full_name}" if self.object else "Add a faculty member"
        return super().get_context_data(
            heading=heading, multipart=True, cancel_url=self.get_success_url(), **kwargs
        )


class FacultyInviteView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        member = get_object_or_404(self.organization.faculty, pk=pk)
        try:
            services.invite_faculty(faculty_member=member, invited_by=request.user)
        except ValidationError as error:
            form_errors(request, error)
        else:
            messages.success(request, f"An invitation is on its way to {member.email}.")
        return redirect("partners:faculty_list", slug)


class FacultyPhotoView(PermissionRequiredMixin, View):
    """A faculty member's photo, for those who manage them and for themselves."""

    permission_required = "partners.view_faculty_photo"

    def get_permission_object(self):
        self.member = get_faculty_member_with_photo(pk=self.kwargs["pk"])
        return self.member

    def get(self, request, pk):
        response = FileResponse(self.member.photo.open("rb"))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class AcceptInvitationView(FormView):
    """Anyone holding a valid link may set the password of the invited faculty member."""

    template_name = "partners/accept_invitation.html"
    form_class = AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_from_token(token=kwargs["token"])
        if self.invitation is None:
            return self.render_to_response({"invalid": True}, status=410)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "link" in request.POST and request.user.is_authenticated:
            try:
                services.link_existing_account(invitation=self.invitation, user=request.user)
            except ValidationError as error:
                form_errors(request, error)
                return redirect("home")
            messages.success(request, "Your account is now linked to your faculty profile.")
            return redirect("teaching:own_profile")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = services.accept_invitation(
                invitation=self.invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome! Please complete your faculty profile.")
        return redirect("teaching:own_profile")

    def get_context_data(self, **kwargs):
        member = self.invitation.faculty_member
        has_account = account_exists(email=member.email)
        return super().get_context_data(member=member, has_account=has_account, **kwargs)
