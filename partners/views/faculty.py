"""The faculty pool: members, photos, and invitations to set a password."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from partners import services
from partners.forms import FacultyMemberForm
from partners.selectors import (
    faculty_for_organization,
    get_faculty_member_with_photo,
    invitation_from_token,
)
from partners.views.mixins import InvitationLinkView, ManagedOrganizationMixin, form_errors


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
            services.invite_faculty(
                faculty_member=member,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
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


class AcceptInvitationView(InvitationLinkView):
    """Anyone holding a valid link may set the password of the invited faculty member."""

    template_name = "partners/accept_invitation.html"
    join_button = "link"

    def invitation_from_token(self, token):
        return invitation_from_token(token=token)

    def invited_email(self):
        return self.invitation.faculty_member.email

    def join(self, user):
        services.link_existing_account(invitation=self.invitation, user=user)

    def accept(self, password):
        return services.accept_invitation(invitation=self.invitation, password=password)

    def welcome(self, *, new_account):
        if new_account:
            messages.success(self.request, "Welcome! Please complete your faculty profile.")
        else:
            messages.success(self.request, "Your account is now linked to your faculty profile.")
        return redirect("teaching:own_profile")

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.invitation.faculty_member, **kwargs)
