"""The directory and its organizations, their liaisons, sites, meeting rooms and blackout
dates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from partners import services
from partners.forms import (
    LiaisonInvitationForm,
    MeetingRoomForm,
    NewOrganizationForm,
    OrganizationForm,
    RoomBlackoutForm,
    SiteForm,
)
from partners.selectors import (
    contacts_for_organization,
    directory,
    liaison_invitation_from_token,
    open_liaison_invitations,
    organizations_for_liaison,
    rooms_for_organization,
)
from partners.views.mixins import InvitationLinkView, ManagedOrganizationMixin


class OrganizationListView(PermissionRequiredMixin, ListView):
    """The partner liaison's start page: the organizations they speak for."""

    permission_required = "partners.liaise"
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return organizations_for_liaison(user=self.request.user)


class DirectoryView(PermissionRequiredMixin, ListView):
    """Every partner organization, for the staff and course directors who add them."""

    permission_required = "partners.add_organization"
    template_name = "partners/directory.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return directory(user=self.request.user)


class OrganizationCreateView(PermissionRequiredMixin, FormView):
    permission_required = "partners.add_organization"
    form_class = NewOrganizationForm
    template_name = "partners/form.html"

    def form_valid(self, form):
        organization = services.create_organization(
            organization=form.save(commit=False), actor=self.request.user
        )
        messages.success(
            self.request, f"{organization.name} is in the directory. Invite its liaison below."
        )
        return redirect("partners:organization_detail", organization.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Add a partner organization",
            cancel_url=reverse("partners:directory"),
            **kwargs,
        )


class OrganizationDetailView(ManagedOrganizationMixin, TemplateView):
    template_name = "partners/organization_detail.html"

    def get_context_data(self, **kwargs):
        organization = self.organization
        kwargs.setdefault("liaison_form", LiaisonInvitationForm())
        return super().get_context_data(
            liaisons=organization.liaisons.order_by("last_name", "first_name"),
            invitations=open_liaison_invitations(organization=organization),
            sites=organization.sites.prefetch_related("rooms"),
            contacts=contacts_for_organization(organization=organization),
            **kwargs,
        )


class LiaisonInviteView(OrganizationDetailView):
    """Email someone a link that makes them a liaison of the organization."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = LiaisonInvitationForm(request.POST)
        if form.is_valid():
            try:
                services.invite_liaison(
                    organization=self.organization,
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, f"An invitation is on its way to {form.cleaned_data['email']}."
                )
                return redirect("partners:organization_detail", self.organization.slug)
        return self.render_to_response(self.get_context_data(liaison_form=form))


class AcceptLiaisonInvitationView(InvitationLinkView):
    """Anyone holding a valid link becomes a liaison: with a new account (choosing a password)
    or, signed in, with the account that has the invited address."""

    template_name = "partners/accept_liaison_invitation.html"

    def invitation_from_token(self, token):
        return liaison_invitation_from_token(token=token)

    def invited_email(self):
        return self.invitation.email

    def join(self, user):
        services.join_as_liaison(invitation=self.invitation, user=user)

    def accept(self, password):
        return services.accept_liaison_invitation(invitation=self.invitation, password=password)

    def welcome(self, *, new_account):
        organization = self.invitation.organization
        messages.success(self.request, f"Welcome: you are now a liaison of {organization.name}.")
        return redirect("partners:organization_detail", organization.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)


class OrganizationUpdateView(ManagedOrganizationMixin, UpdateView):
    form_class = OrganizationForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        return self.organization

    def form_valid(self, form):
        services.save_organization(organization=form.save(commit=False), actor=self.request.user)
        messages.success(self.request, "The organization's profile is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:organization_detail", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Edit {self.organization.name}", cancel_url=self.get_success_url(), **kwargs
        )


class SiteEditView(ManagedOrganizationMixin, UpdateView):
    form_class = SiteForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.organization.sites, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        self.object = services.save_site(site=form.save(commit=False), actor=self.request.user)
        messages.success(self.request, f"The site “{self.object.name}” is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:organization_detail", args=[self.organization.slug])

    def get_context_data(self, **kwargs):
        heading = f"Edit {self.object.name}" if self.object else "Add a site"
        return super().get_context_data(
            heading=heading, cancel_url=self.get_success_url(), **kwargs
        )


class RoomListView(ManagedOrganizationMixin, ListView):
    template_name = "partners/room_list.html"
    context_object_name = "rooms"

    def get_queryset(self):
        return rooms_for_organization(organization=self.organization)


class RoomMixin(ManagedOrganizationMixin):
    def get_room(self):
        return get_object_or_404(
            rooms_for_organization(organization=self.organization), pk=self.kwargs["pk"]
        )


class RoomDetailView(RoomMixin, FormView):
    """A room's facilities, blackout dates and upcoming sessions; adds a blackout date."""

    template_name = "partners/room_detail.html"
    form_class = RoomBlackoutForm

    def dispatch(self, request, *args, **kwargs):
        self.room = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.room = self.room or self.get_room()
        return {**super().get_form_kwargs(), "room": self.room}

    def form_valid(self, form):
        services.add_room_blackout(blackout=form.save(commit=False), actor=self.request.user)
        messages.success(self.request, f"{self.room.name} is closed on {form.instance.date}.")
        return redirect("partners:room_detail", self.organization.slug, self.room.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            room=self.room,
            blackouts=self.room.blackouts.filter(date__gte=timezone.localdate()),
        )
        return context


class RoomEditView(RoomMixin, UpdateView):
    form_class = MeetingRoomForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        return self.get_room() if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        self.object = services.save_meeting_room(
            room=form.save(commit=False), actor=self.request.user
        )
        messages.success(self.request, f"The meeting room “{self.object.name}” is saved.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("partners:room_detail", args=[self.organization.slug, self.object.pk])

    def get_context_data(self, **kwargs):
        heading = f"Edit {self.object.name}" if self.object else "Add a meeting room"
        cancel_url = (
            reverse("partners:room_detail", args=[self.organization.slug, self.object.pk])
            if self.object
            else reverse("partners:room_list", args=[self.organization.slug])
        )
        return super().get_context_data(heading=heading, cancel_url=cancel_url, **kwargs)


class BlackoutDeleteView(RoomMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk, blackout_pk):
        room = self.get_room()
        blackout = get_object_or_404(room.blackouts, pk=blackout_pk)
        services.remove_room_blackout(blackout=blackout, actor=request.user)
        messages.success(request, "The blackout date is removed.")
        return redirect("partners:room_detail", slug, pk)
