"""Pages about patient and family partners: the directors' overview and checklist, each
partner's page (their own, or a director's), their profile, and the feedback form a partner
opens from the emailed link without an account."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from planning.patients import services
from planning.patients.forms import (
    CoTeachingForm,
    HonorariumForm,
    OrientationItemForm,
    OrientationProgressForm,
    PatientFeedbackForm,
    PatientProfileForm,
)
from planning.patients.selectors import (
    DEFAULT_ORIENTATION,
    MIN_ANSWERS,
    co_teaching_of,
    feedback_closes_at,
    feedback_link,
    feedback_summaries,
    get_patient_partner,
    honoraria_of,
    honoraria_totals,
    orientation_items,
    orientation_of,
    patient_partners_of,
    profile_of,
)
from rotation.views.programs import ProgramPermissionMixin


def _errors_as_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class PatientPartnersView(ProgramPermissionMixin, TemplateView):
    """The directors' overview: the program's patient partners, their orientation, co-teaching
    and honoraria, and the feedback they gave on the learners (aggregated, from 5 answers)."""

    permission = "planning.keep_patient_partners"
    template_name = "planning/patients/overview.html"

    def get_context_data(self, **kwargs):
        partners = list(patient_partners_of(program=self.program))
        totals = honoraria_totals(program=self.program)
        for member in partners:
            member.honoraria_total = totals.get(member.pk)
        return super().get_context_data(
            partners=partners,
            item_count=len(orientation_items(program=self.program)),
            summary=feedback_summaries(programs=[self.program])[0],
            may_manage=True,
            **kwargs,
        )


class OrientationChecklistView(ProgramPermissionMixin, TemplateView):
    """The program's orientation checklist, which its directors keep."""

    permission = "planning.keep_patient_partners"
    template_name = "planning/patients/orientation.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", OrientationItemForm())
        items = orientation_items(program=self.program)
        titles = {item.title.lower() for item in items}
        return super().get_context_data(
            items=items,
            missing_defaults=[t for t in DEFAULT_ORIENTATION if t.lower() not in titles],
            may_manage=True,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = OrientationItemForm(request.POST)
        try:
            if "defaults" in request.POST:
                added = services.use_default_orientation(program=self.program, by=request.user)
                messages.success(request, f"{len(added)} default items added.")
            elif form.is_valid():
                item = services.add_orientation_item(
                    program=self.program, title=form.cleaned_data["title"], by=request.user
                )
                messages.success(request, f"“{item.title}” is on the checklist.")
            else:
                return self.render_to_response(self.get_context_data(form=form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("planning:orientation", slug=self.program.slug)


class OrientationItemRemoveView(OrientationChecklistView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = next(
            (i for i in orientation_items(program=self.program) if i.pk == kwargs["item"]), None
        )
        if item is None:
            messages.error(request, "That item is not on this program's checklist any more.")
        else:
            try:
                services.remove_orientation_item(item=item, by=request.user)
            except ValidationError as error:
                _errors_as_messages(request, error)
            else:
                messages.success(request, f"“{item.title}” is off the checklist.")
        return redirect("planning:orientation", slug=self.program.slug)


class PatientPartnerMixin(ProgramPermissionMixin):
    """The program (its plan visible to the user) and one of its patient partners, whom the
    user must be, or direct."""

    permission = "planning.view_plan"

    def get_member(self):
        if not hasattr(self, "member"):
            self.member = get_patient_partner(program=self.program, pk=self.kwargs["pk"])
            if not self.request.user.has_perm("planning.view_patient_partner", self.member):
                raise PermissionDenied
        return self.member

    @cached_property
    def may_keep(self) -> bool:
        return self.request.user.has_perm("planning.keep_patient_partners", self.program)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("member", self.get_member())
        return super().get_context_data(may_manage=self.may_keep, **kwargs)


class PatientPartnerView(PatientPartnerMixin, TemplateView):
    """A patient partner's page: profile, sessions and orientation; for directors also the forms
    that assign co-teaching and record orientation, and the honoraria."""

    template_name = "planning/patients/partner.html"

    def get(self, request, *args, **kwargs):
        self.get_member()  # 403/404 before anything is read
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        member = self.get_member()
        steps = orientation_of(member=member)
        context = {
            "profile": profile_of(member=member),
            "assignments": co_teaching_of(member=member),
            "steps": steps,
            "now": timezone.now(),
        }
        if self.may_keep:
            context["honoraria"] = honoraria_of(member=member)
            if not self.program.is_archived:
                kwargs.setdefault("co_teaching_form", CoTeachingForm(program=self.program))
                kwargs.setdefault("orientation_form", OrientationProgressForm(steps=steps))
                kwargs.setdefault("honorarium_form", HonorariumForm())
        return super().get_context_data(**context, **kwargs)


class PatientPartnerActionView(PatientPartnerView):
    """A director's POST about one patient partner; errors are shown on the partner's page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        if not self.may_keep:
            raise PermissionDenied
        form = self.make_form(request.POST)
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(**{self.form_name: form}))
        try:
            done = self.act(member, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                _errors_as_messages(request, error)
            else:
                form.add_error(None, error)
                return self.render_to_response(self.get_context_data(**{self.form_name: form}))
        else:
            messages.success(request, done)
        return redirect("planning:patient_partner", slug=self.program.slug, pk=member.pk)


class CoTeachingAssignView(PatientPartnerActionView):
    form_name = "co_teaching_form"

    def make_form(self, data):
        return CoTeachingForm(data, program=self.program)

    def act(self, member, data):
        assignment = services.assign_co_teaching(
            member=member, assigned_by=self.request.user, **data
        )
        return f"{member.name} co-teaches “{assignment.session.title}”."


class CoTeachingRemoveView(PatientPartnerActionView):
    def make_form(self, data):
        return None

    def act(self, member, data):
        assignment = next(
            (a for a in co_teaching_of(member=member) if a.pk == self.kwargs["assignment"]), None
        )
        if assignment is None:
            raise ValidationError(f"{member.name} does not co-teach that session (any more).")
        services.remove_co_teaching(assignment=assignment, removed_by=self.request.user)
        return f"{member.name} no longer co-teaches “{assignment.session.title}”."


class OrientationRecordView(PatientPartnerActionView):
    form_name = "orientation_form"

    def make_form(self, data):
        return OrientationProgressForm(data, steps=orientation_of(member=self.get_member()))

    def act(self, member, data):
        completed, undone = services.record_orientation(
            member=member,
            completed_item_ids=set(data["completed"]),
            completed_on=data["completed_on"],
            recorded_by=self.request.user,
        )
        return f"Orientation recorded: {completed} item(s) completed, {undone} undone."


class HonorariumCreateView(PatientPartnerActionView):
    form_name = "honorarium_form"

    def make_form(self, data):
        return HonorariumForm(data)

    def act(self, member, data):
        honorarium = services.record_honorarium(
            member=member, recorded_by=self.request.user, **data
        )
        return f"Honorarium of {honorarium.amount} paid on {honorarium.paid_on:%d %b %Y} recorded."


class PatientProfileView(PatientPartnerMixin, FormView):
    """The profile, edited by the partner themselves or by a director of the program."""

    template_name = "planning/patients/profile_form.html"
    form_class = PatientProfileForm

    def get(self, request, *args, **kwargs):
        self.get_member()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": profile_of(member=self.get_member())}

    def form_valid(self, form):
        member = self.get_member()
        try:
            services.save_patient_profile(
                member=member,
                saved_by=self.request.user,
                **{name: form.cleaned_data[name] for name in services.PROFILE_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "The profile is saved.")
        return redirect("planning:patient_partner", slug=self.program.slug, pk=member.pk)


class PatientFeedbackView(FormView):
    """The form a patient partner opens from the emailed link, without an account: the session's
    learners rated on a few items. One answer per partner and session, corrected until it
    closes; a bad, expired or closed link gets a page saying so."""

    template_name = "planning/patients/feedback_form.html"
    form_class = PatientFeedbackForm

    def dispatch(self, request, *args, **kwargs):
        self.link = feedback_link(token=kwargs["token"], now=timezone.now())
        if self.link.state != "open":
            status = 200 if self.link.state == "not_yet" else 410
            return self.render_to_response({"link": self.link}, status=status)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.request.method == "POST":
            return super().get_form(form_class)
        return PatientFeedbackForm.for_answer(self.link.answer)

    def get_context_data(self, **kwargs):
        session = self.link.co_teaching.session
        return super().get_context_data(
            link=self.link,
            session=session,
            closes_at=feedback_closes_at(session=session),
            thanks=self.request.GET.get("thanks") == "1" and self.link.answer is not None,
            minimum=MIN_ANSWERS,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.submit_patient_feedback(
                link=self.link, ratings=form.ratings(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(f"{self.request.path}?thanks=1")
