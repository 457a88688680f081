from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from partners import pdf, services, tasks
from partners.forms import (
    AcceptInvitationForm,
    AvailabilityForm,
    DecisionForm,
    FacultyMemberForm,
    MaterialForm,
    MeetingRoomForm,
    OrganizationForm,
    OwnProfileForm,
    PrintingRecordForm,
    RoomBlackoutForm,
    SiteForm,
    VolunteerForm,
    WithdrawForm,
)
from partners.models import FacultyMember, SessionMaterial, VolunteerOffer
from partners.selectors import (
    availability_for,
    faculty_for_organization,
    faculty_who_taught,
    get_organization_for_manager,
    get_program_for_faculty,
    get_session,
    invitation_from_token,
    offers_for_program,
    organizations_for_liaison,
    partner_contribution,
    program_days,
    programs_for_faculty,
    programs_of_partner,
    programs_taught_by,
    programs_with_partners_for_director,
    rooms_for_organization,
    teaching_record,
    teaching_sessions,
    upcoming_sessions_in_room,
    volunteer_board,
)
from partners.services import withdrawal_deadline
from rotation.mixins import OwnRecordPermissionMixin
from rotation.models import SeminarSession, SessionFaculty, Topic
from rotation.selectors import get_program_for_director


def _form_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class OrganizationListView(PermissionRequiredMixin, ListView):
    """The partner liaison's start page: the organizations they speak for."""

    permission_required = "partners.liaise"
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return organizations_for_liaison(user=self.request.user)


# --- Organization, sites and rooms --------------------------------------------------------------


class ManagedOrganizationMixin(PermissionRequiredMixin):
    """Liaisons, directors and staff only; then the organization must be one they manage."""

    permission_required = "partners.manage_partners"

    def get_permission_object(self):
        return None  # a role gate; the object is then looked up with access checks

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.organization = get_organization_for_manager(user=request.user, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


class OrganizationDetailView(ManagedOrganizationMixin, TemplateView):
    template_name = "partners/organization_detail.html"

    def get_context_data(self, **kwargs):
        organization = self.organization
        return super().get_context_data(
            liaisons=organization.liaisons.order_by("last_name", "first_name"),
            sites=organization.sites.prefetch_related("rooms"),
            programs=programs_of_partner(organization=organization),
            **kwargs,
        )


class OrganizationUpdateView(ManagedOrganizationMixin, UpdateView):
    form_class = OrganizationForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        return self.organization

    def form_valid(self, form):
        messages.success(self.request, "The organization's profile is saved.")
        return super().form_valid(form)

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
        messages.success(self.request, f"The site “{form.instance.name}” is saved.")
        return super().form_valid(form)

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
            sessions=upcoming_sessions_in_room(room=self.room),
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


# --- Faculty pool -------------------------------------------------------------------------------


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
        messages.success(self.request, f"{form.instance.full_name} is saved.")
        return super().form_valid(form)

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
            _form_errors(request, error)
        else:
            messages.success(request, f"An invitation is on its way to {member.email}.")
        return redirect("partners:faculty_list", slug)


class FacultyPhotoView(PermissionRequiredMixin, View):
    """A faculty member's photo, for those who manage them and for themselves."""

    permission_required = "partners.view_faculty_photo"

    def get_permission_object(self):
        self.member = get_object_or_404(
            FacultyMember.objects.select_related("organization").exclude(photo=""),
            pk=self.kwargs["pk"],
        )
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
            except services.InvitationUsed:
                return self.render_to_response({"invalid": True}, status=410)
            except ValidationError as error:
                _form_errors(request, error)
                return redirect("home")
            messages.success(request, "Your account is now linked to your faculty profile.")
            return redirect("partners:own_profile")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = services.accept_invitation(
                invitation=self.invitation, password=form.cleaned_data["password1"]
            )
        except services.InvitationUsed:
            return self.render_to_response({"invalid": True}, status=410)
        except ValidationError as error:
            form.add_error("password1", error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome! Please complete your faculty profile.")
        return redirect("partners:own_profile")

    def get_context_data(self, **kwargs):
        member = self.invitation.faculty_member
        has_account = get_user_model().objects.filter(email__iexact=member.email).exists()
        return super().get_context_data(member=member, has_account=has_account, **kwargs)


# --- Contribution report ------------------------------------------------------------------------


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
    template_name = "partners/contribution.html"

    def get_context_data(self, **kwargs):
        contribution, period = self.contribution()
        programs = programs_of_partner(organization=self.organization)
        return super().get_context_data(
            contribution=contribution,
            period=period,
            programs=programs,
            years=sorted({p.academic_year for p in programs}, reverse=True),
            query=self.request.GET.urlencode(),
            printing_form=PrintingRecordForm(organization=self.organization, programs=programs),
            **kwargs,
        )


class ContributionPdfView(ContributionMixin, View):
    def get(self, request, slug):
        contribution, period = self.contribution()
        body = pdf.contribution_report_pdf(contribution=contribution, period=period)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="contribution-{slug}.pdf"'
        return response


class PrintingRecordCreateView(ManagedOrganizationMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = PrintingRecordForm(
            request.POST,
            organization=self.organization,
            programs=programs_of_partner(organization=self.organization),
        )
        if form.is_valid():
            form.save()
            messages.success(request, f"{form.instance.pages} printed pages are recorded.")
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("partners:contribution", slug)


# --- Faculty: profile, availability, volunteering, teaching -------------------------------------


class FacultyOnlyMixin(OwnRecordPermissionMixin):
    permission_required = "partners.teach"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.member = request.user.faculty_profile
        return super().dispatch(request, *args, **kwargs)


class OwnProfileView(FacultyOnlyMixin, UpdateView):
    form_class = OwnProfileForm
    template_name = "partners/form.html"

    def get_object(self, queryset=None):
        return self.member

    def form_valid(self, form):
        messages.success(self.request, "Your profile is saved.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("partners:my_teaching")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="My faculty profile",
            multipart=True,
            cancel_url=self.get_success_url(),
            **kwargs,
        )


class MyTeachingView(FacultyOnlyMixin, ListView):
    """The faculty member's start page: the sessions they teach, with rooms, co-faculty,
    learners expected and materials."""

    template_name = "partners/my_teaching.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return teaching_sessions(faculty_member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        confirmed = set(
            SessionFaculty.objects.filter(
                faculty_member=self.member, confirmation="confirmed"
            ).values_list("session_id", flat=True)
        )
        for session in context["sessions"]:
            session.co_faculty = [
                a.faculty_member
                for a in session.faculty_assignments.all()
                if a.faculty_member_id != self.member.pk
            ]
            session.can_withdraw = session.pk in confirmed and now <= withdrawal_deadline(
                session=session
            )
        taught_programs = {session.program for session in context["sessions"]}
        context.update(
            member=self.member,
            now=now,
            letter_programs=sorted(taught_programs, key=lambda p: p.start_date),
        )
        return context


class AvailabilityIndexView(FacultyOnlyMixin, ListView):
    template_name = "partners/availability_index.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_for_faculty(faculty_member=self.member)


class AvailabilityView(FacultyOnlyMixin, FormView):
    template_name = "partners/availability.html"
    form_class = AvailabilityForm

    def get_form_kwargs(self):
        self.program = get_program_for_faculty(faculty_member=self.member, slug=self.kwargs["slug"])
        return {
            **super().get_form_kwargs(),
            "days": program_days(program=self.program),
            "initial_choices": availability_for(faculty_member=self.member, program=self.program),
        }

    def form_valid(self, form):
        try:
            services.set_availability(
                faculty_member=self.member, program=self.program, choices=form.choices()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Your availability for {self.program.name} is saved.")
        return redirect("partners:availability", self.program.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # builds the form, which finds the program
        context["program"] = self.program
        return context


class VolunteerBoardView(FacultyOnlyMixin, TemplateView):
    template_name = "partners/volunteer_board.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slots=volunteer_board(faculty_member=self.member), form=VolunteerForm(), **kwargs
        )


class VolunteerView(FacultyOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, kind, pk):
        if kind not in {"session", "topic"}:
            raise Http404("Volunteer for a session or a topic.")
        form = VolunteerForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Keep the note under 1,000 characters.")
            return redirect("partners:volunteer_board")
        model = SeminarSession if kind == "session" else Topic
        target = get_object_or_404(model.objects.select_related("program"), pk=pk)
        try:
            services.volunteer(
                faculty_member=self.member,
                note=form.cleaned_data["note"],
                **{kind: target},
            )
        except ValidationError as error:
            notes = [("error", message) for message in error.messages]
        else:
            thanks = f"Thank you! The course director will answer your offer for “{target}”."
            notes = [("success", thanks)]
        if request.htmx:
            return self.render_row(kind, target, notes)
        for level, text in notes:
            messages.add_message(request, getattr(messages, level.upper()), text)
        return redirect("partners:volunteer_board")

    def render_row(self, kind, target, notes):
        """The slot's table row, updated in place (HTMX)."""
        slot = next(
            (
                slot
                for slot in volunteer_board(faculty_member=self.member)
                if (slot.session if kind == "session" else slot.topic) == target
                and (kind == "topic" or slot.session is not None)
            ),
            None,
        )
        if slot is None:  # no longer open: reload the whole board
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return TemplateResponse(
            self.request,
            "partners/volunteer_board.html#slot_row",
            {"slot": slot, "row_messages": [{"tags": t, "text": m} for t, m in notes]},
        )


class WithdrawView(FacultyOnlyMixin, FormView):
    template_name = "partners/withdraw.html"
    form_class = WithdrawForm

    def get_session(self):
        return get_object_or_404(
            teaching_sessions(faculty_member=self.member), pk=self.kwargs["pk"]
        )

    def form_valid(self, form):
        session = self.get_session()
        try:
            services.withdraw_from_session(
                faculty_member=self.member, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"You have withdrawn from “{session.title}”.")
        return redirect("partners:my_teaching")

    def get_context_data(self, **kwargs):
        session = self.get_session()
        return super().get_context_data(
            session=session, deadline=withdrawal_deadline(session=session), **kwargs
        )


class OwnLetterView(FacultyOnlyMixin, View):
    def get(self, request, slug):
        program = get_object_or_404(programs_taught_by(faculty_member=self.member), slug=slug)
        return _letter_response(self.member, program, signed_by="The course directors")


def _letter_response(member, program, *, signed_by: str) -> HttpResponse:
    record = teaching_record(faculty_member=member, program=program)
    body = pdf.recognition_letter_pdf(record=record, signed_by=signed_by)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.letter_filename(record)}"'
    return response


# --- Materials ----------------------------------------------------------------------------------


class SessionMaterialsView(PermissionRequiredMixin, View):
    """Lists a session's materials to those who may read them; uploads for those who teach."""

    def get_permission_object(self):
        self.session = get_session(pk=self.kwargs["pk"])
        return self.session

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["partners.upload_material"]
        return ["partners.view_material"]

    def get(self, request, pk):
        return TemplateResponse(
            request,
            "partners/session_materials.html",
            {
                "session": self.session,
                "materials": self.session.materials.all(),
                "form": MaterialForm(),
                "can_upload": request.user.has_perm("partners.upload_material", self.session),
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
                _form_errors(request, error)
            else:
                messages.success(request, f"“{material.original_name}” is uploaded.")
        return HttpResponseRedirect(reverse("partners:session_materials", args=[pk]))


class MaterialDownloadView(PermissionRequiredMixin, View):
    permission_required = "partners.view_material"

    def get_permission_object(self):
        self.material = get_object_or_404(
            SessionMaterial.objects.select_related("session__program"), pk=self.kwargs["pk"]
        )
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
    permission_required = "partners.upload_material"
    http_method_names = ["post"]

    def get_permission_object(self):
        self.material = get_object_or_404(
            SessionMaterial.objects.select_related("session__program"), pk=self.kwargs["pk"]
        )
        return self.material.session

    def post(self, request, pk):
        session_pk = self.material.session_id
        services.delete_material(material=self.material)
        messages.success(request, "The file is deleted.")
        return redirect("partners:session_materials", session_pk)


# --- Director: volunteers and recognition letters -----------------------------------------------


class DirectedProgramMixin(PermissionRequiredMixin):
    permission_required = "rotation.direct_programs"

    def get_permission_object(self):
        return None  # a role gate; the object is then looked up with access checks

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.program = get_program_for_director(user=request.user, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class DirectorOverviewView(PermissionRequiredMixin, ListView):
    """A director's way in: each program's waiting volunteers and its partners' pages."""

    permission_required = "rotation.direct_programs"
    template_name = "partners/director_overview.html"
    context_object_name = "programs"

    def get_queryset(self):
        return programs_with_partners_for_director(user=self.request.user)


class ProgramVolunteersView(DirectedProgramMixin, TemplateView):
    template_name = "partners/program_volunteers.html"

    def get_context_data(self, **kwargs):
        offers = list(offers_for_program(program=self.program))
        taught = faculty_who_taught(program=self.program)
        return super().get_context_data(
            program=self.program,
            open_offers=[o for o in offers if o.status == VolunteerOffer.Status.OFFERED],
            decided_offers=[o for o in offers if o.status != VolunteerOffer.Status.OFFERED],
            taught=taught,
            form=DecisionForm(),
            **kwargs,
        )


class OfferDecisionView(DirectedProgramMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk, decision):
        if decision not in {"confirm", "decline"}:
            raise Http404("Confirm or decline.")
        offer = get_object_or_404(offers_for_program(program=self.program), pk=pk)
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            if decision == "confirm":
                services.confirm_offer(offer=offer, decided_by=request.user)
            else:
                services.decline_offer(offer=offer, decided_by=request.user, note=note)
        except ValidationError as error:
            _form_errors(request, error)
        else:
            verb = "confirmed" if decision == "confirm" else "declined"
            messages.success(
                request, f"{offer.faculty_member.full_name} is {verb}; they will get an email."
            )
        return redirect("partners:program_volunteers", slug)


class DirectorLetterView(DirectedProgramMixin, View):
    def get_member(self):
        return get_object_or_404(faculty_who_taught(program=self.program), pk=self.kwargs["pk"])

    def get(self, request, slug, pk):
        return _letter_response(self.get_member(), self.program, signed_by=_signature(request.user))

    def post(self, request, slug, pk):
        member = self.get_member()
        kwargs = {
            "faculty_member_id": member.pk,
            "program_id": self.program.pk,
            "signed_by": _signature(request.user),
        }
        transaction.on_commit(lambda: tasks.send_recognition_letter.delay(**kwargs))
        messages.success(request, f"The letter is on its way to {member.email}.")
        return redirect("partners:program_volunteers", slug)


def _signature(user) -> str:
    return user.get_full_name() or user.email
