"""Thin views: resident forms, the director's builder and dashboard, the personal sign-in link.
Object access always goes through the selectors' access-checked lookups."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from accounts.policy import is_protected_by_mfa
from assessments import selectors, services
from assessments.forms import (
    AdministrationForm,
    CopyInstrumentForm,
    CsvImportForm,
    EvaluationSettingsForm,
    InstrumentForm,
    ItemForm,
)
from assessments.links import LINK_MAX_AGE, claim_link_token, read_link_token
from assessments.models import Administration, Instrument, Item
from assessments.tasks import send_reminders
from config.input import parse_whole_number
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors import get_program_for_director
from rotation.services import ensure_program_is_active

# --- Resident -----------------------------------------------------------------------------------


class LearnerMixin(OwnRecordPermissionMixin):
    permission_required = "assessments.take"

    @property
    def learner(self):
        return self.request.user.learner_profile


def _form_rows(administration, values, errors):
    """What the template needs per question, in order; retrospective questions follow their item."""
    rows = []
    for number, item in enumerate(selectors.form_items(administration=administration), start=1):
        name = f"item-{item.pk}"
        row = {
            "item": item,
            "number": number,
            "name": name,
            "value": values.get(name, ""),
            "error": errors.get(name, ""),
            "retro": None,
        }
        if (
            administration.includes_retrospective
            and item.kind == Item.Kind.ATTITUDE
            and item.has_retrospective
        ):
            retro = f"retro-{item.pk}"
            row["retro"] = {
                "name": retro,
                "value": values.get(retro, ""),
                "error": errors.get(retro, ""),
            }
        rows.append(row)
    return rows


def _progress(administration, values) -> dict:
    fields = services.answer_fields(administration)
    answered = sum(1 for name in fields if values.get(name))
    return {"answered": answered, "total": len(fields)}


class TakeAssessmentView(LearnerMixin, View):
    """GET the form (resuming the draft); POST submits it once."""

    template_name = "assessments/take.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and hasattr(request.user, "learner_profile"):
            self.administration = selectors.get_administration_for_learner(
                learner=request.user.learner_profile, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, *, values, errors=None, status=200, closed_message=""):
        administration = self.administration
        response = selectors.response_of(administration=administration, learner=self.learner)
        errors = errors or {}
        context = {
            "administration": administration,
            "response": response,
            "rows": _form_rows(administration, values, errors),
            "errors": errors,
            "progress": _progress(administration, values),
            "closed_message": closed_message,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        values = selectors.draft_values(administration=self.administration, learner=self.learner)
        closed = ""
        try:
            services.check_window(administration=self.administration, now=now)
        except services.WindowClosed as error:
            closed = error.message
        return self.render_form(values=values, closed_message=closed)

    def post(self, request, *args, **kwargs):
        now = timezone.now()
        try:
            result = services.submit_response(
                administration=self.administration,
                learner=self.learner,
                data=request.POST,
                now=now,
            )
        except services.WindowClosed as error:
            values = selectors.draft_values(
                administration=self.administration, learner=self.learner
            )
            return self.render_form(values=values, closed_message=error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:take", pk=self.administration.pk)
        if result.was_already_submitted:
            submitted = timezone.localtime(result.response.submitted_at)
            messages.info(
                request,
                f"You already submitted this on {submitted:%-d %B at %H:%M}; nothing was changed.",
            )
            return redirect("assessments:take", pk=self.administration.pk)
        if result.errors:
            values = {
                **selectors.draft_values(administration=self.administration, learner=self.learner)
            }
            for name in result.errors:
                values.setdefault(name, request.POST.get(name, ""))
            return self.render_form(values=values, errors=result.errors, status=422)
        messages.success(request, "Thank you — your answers are submitted.")
        return redirect("assessments:take", pk=self.administration.pk)


class SaveAnswerView(LearnerMixin, View):
    """HTMX autosave of one answer; answers the status line and the progress bar."""

    def post(self, request, pk):
        administration = selectors.get_administration_for_learner(learner=self.learner, pk=pk)
        name = request.POST.get("field", "")
        raw = request.POST.get(name, "")
        try:
            services.save_answer(
                administration=administration,
                learner=self.learner,
                name=name,
                raw=raw,
                now=timezone.now(),
            )
        except ValidationError as error:
            return render(
                request,
                "assessments/_save_status.html",
                {"error": " ".join(error.messages)},
                status=422,
            )
        values = selectors.draft_values(administration=administration, learner=self.learner)
        return render(
            request,
            "assessments/_save_status.html",
            {"saved_at": timezone.now(), "progress": _progress(administration, values)},
        )


class ResultsView(LearnerMixin, View):
    def get(self, request, pk):
        administration = selectors.get_administration_for_learner(learner=self.learner, pk=pk)
        context = {"administration": administration, "results": None, "message": ""}
        if administration.kind != Administration.Kind.POST:
            context["message"] = "Results are shown for the post-assessment."
        elif timezone.now() < administration.closes_at:
            closes = timezone.localtime(administration.closes_at)
            context["message"] = (
                f"Your results appear after the post-assessment closes on "
                f"{closes:%-d %B %Y at %H:%M}."
            )
        else:
            context["results"] = selectors.results_for_learner(
                post=administration, learner=self.learner
            )
            if context["results"] is None:
                context["message"] = (
                    "You did not submit the post-assessment, so there are no results."
                )
        return render(request, "assessments/results.html", context)


class EvaluateSessionView(LearnerMixin, View):
    template_name = "assessments/evaluate_session.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = None

    def get_session(self):
        return selectors.get_session_for_learner(learner=self.learner, pk=self.kwargs["pk"])

    def render_page(self, session, *, values=None, error="", status=200):
        faculty = [
            a.faculty_member
            for a in session.faculty_assignments.all()
            if a.confirmation != "declined"
        ]
        values = values or {}
        context = {
            "session": session,
            "faculty": [(member, values.get(f"faculty-{member.pk}", "")) for member in faculty],
            "values": values,
            "error": error,
            "evaluation": selectors.session_evaluation_of(session=session, learner=self.learner),
            "scale": range(1, 6),
        }
        opens, closes = selectors.evaluation_window(session=session)
        now = timezone.now()
        context["is_open"] = opens <= now < closes
        context["closes_at"] = closes
        context["has_not_ended"] = now < opens
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_session())

    def post(self, request, pk):
        session = self.get_session()
        ratings = {}
        for key, value in request.POST.items():
            if key.startswith("faculty-"):
                member = key.removeprefix("faculty-")
                if parse_whole_number(member) is None:
                    return self.render_page(
                        session, values=request.POST, error="Unknown faculty member.", status=422
                    )
                ratings[parse_whole_number(member)] = value
        try:
            _evaluation, created = services.evaluate_session(
                session=session,
                learner=self.learner,
                overall=request.POST.get("overall"),
                relevance=request.POST.get("relevance"),
                changed_view=request.POST.get("changed_view"),
                faculty_ratings=ratings,
                comment=request.POST.get("comment", ""),
                now=timezone.now(),
            )
        except ValidationError as error:
            return self.render_page(
                session, values=request.POST, error=" ".join(error.messages), status=422
            )
        if created:
            messages.success(request, "Thank you — your evaluation is saved.")
        else:
            messages.info(request, "You had already evaluated this session; nothing was changed.")
        return redirect("assessments:evaluate_session", pk=session.pk)


class EvaluateCourseView(LearnerMixin, View):
    template_name = "assessments/evaluate_course.html"

    def render_page(self, program, *, values=None, error="", status=200):
        context = {
            "program": program,
            "values": values or {},
            "error": error,
            "evaluation": program.course_evaluations.filter(learner=self.learner).first(),
            "scale": range(1, 6),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        program = selectors.get_program_for_learner(learner=self.learner, slug=slug)
        return self.render_page(program)

    def post(self, request, slug):
        program = selectors.get_program_for_learner(learner=self.learner, slug=slug)
        try:
            _evaluation, created = services.evaluate_course(
                program=program,
                learner=self.learner,
                overall=request.POST.get("overall"),
                most_valuable=request.POST.get("most_valuable", ""),
                least_valuable=request.POST.get("least_valuable", ""),
                topics_to_add=request.POST.get("topics_to_add", ""),
                now=timezone.now(),
            )
        except ValidationError as error:
            return self.render_page(
                program, values=request.POST, error=" ".join(error.messages), status=422
            )
        if created:
            messages.success(request, "Thank you — your course evaluation is saved.")
        else:
            messages.info(request, "You had already evaluated this course; nothing was changed.")
        return redirect("assessments:evaluate_course", slug=program.slug)


class LinkSignInView(View):
    """The personal link in invitations: GET asks to continue (mail scanners that follow links
    must not use it up), POST signs the resident in once and goes to the assessment."""

    def get(self, request, token):
        user, next_url = self._read(token)
        return render(
            request,
            "assessments/link_sign_in.html",
            {"link_user": user, "next_url": next_url, "hours": LINK_MAX_AGE // 3600},
            status=200 if user else 400,
        )

    def post(self, request, token):
        user, next_url = self._read(token)
        if user is None:
            return render(
                request,
                "assessments/link_sign_in.html",
                {"link_user": None, "hours": LINK_MAX_AGE // 3600},
                status=400,
            )
        if is_protected_by_mfa(user):
            # The link stands in for the password, never for a second factor.
            return redirect_to_login(next_url)
        if not claim_link_token(token, user=user):  # another click got there first
            return render(
                request,
                "assessments/link_sign_in.html",
                {"link_user": None, "hours": LINK_MAX_AGE // 3600},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(next_url)

    def _read(self, token):
        try:
            user_pk, next_url = read_link_token(token)
        except signing.BadSignature:
            return None, ""
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
            next_url = reverse("home")
        user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
        # Personal links are for residents only: staff and directors sign in with a password.
        if user is None or user.is_staff or not hasattr(user, "learner_profile"):
            return None, ""
        try:
            read_link_token(token, user=user)
        except signing.BadSignature:
            return None, ""
        return user, next_url


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Director -----------------------------------------------------------------------------------


class DirectorMixin(PermissionRequiredMixin):
    permission_required = "assessments.manage"


def _version_message(request, old, new) -> None:
    if new.pk != old.pk:
        messages.info(
            request,
            f"Residents have already answered version {old.version}, so its items are locked: "
            f"your change is in the new version {new.version}. Version {old.version} is kept.",
        )


class InstrumentListView(DirectorMixin, View):
    template_name = "assessments/instrument_list.html"

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def render_page(self, program, *, form=None, copy_form=None, status=200):
        sources = selectors.instruments_for_director(user=self.request.user).exclude(
            program=program
        )
        context = {
            "program": program,
            "instruments": program.instruments.annotate(item_count=Count("items")).order_by(
                "key", "-version"
            ),
            "form": form or InstrumentForm(),
            "copy_form": copy_form or CopyInstrumentForm(sources=sources),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        return self.render_page(self.get_program())

    def post(self, request, slug):
        program = self.get_program()
        if "source" in request.POST:
            sources = selectors.instruments_for_director(user=request.user).exclude(program=program)
            copy_form = CopyInstrumentForm(request.POST, sources=sources)
            if not copy_form.is_valid():
                return self.render_page(program, copy_form=copy_form, status=422)
            source = sources.get(pk=copy_form.cleaned_data["source"])
            instrument = services.copy_instrument(
                source=source, program=program, actor=request.user
            )
            messages.success(request, f"Copied {instrument.items.count()} items from {source}.")
            return redirect("assessments:instrument", pk=instrument.pk)
        form = InstrumentForm(request.POST)
        if not form.is_valid():
            return self.render_page(program, form=form, status=422)
        instrument = services.create_instrument(
            program=program, actor=request.user, **form.cleaned_data
        )
        return redirect("assessments:instrument", pk=instrument.pk)


class InstrumentDetailView(DirectorMixin, View):
    """The builder: items in order, add/edit/move/delete, CSV, administrations."""

    template_name = "assessments/instrument_detail.html"

    def get(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        return render_builder(request, instrument)


def render_builder(
    request, instrument, *, item_form=None, import_form=None, admin_forms=None, status=200
):
    administrations = {a.kind: a for a in instrument.administrations.all()}
    defaults = services.default_windows(program=instrument.program)
    forms_by_kind = admin_forms or {}
    for kind in Administration.Kind.values:
        if kind in forms_by_kind:
            continue
        existing = administrations.get(kind)
        opens, closes = (existing.opens_at, existing.closes_at) if existing else defaults[kind]
        forms_by_kind[kind] = AdministrationForm(
            initial={
                "kind": kind,
                "opens_at": timezone.localtime(opens).strftime("%Y-%m-%dT%H:%M"),
                "closes_at": timezone.localtime(closes).strftime("%Y-%m-%dT%H:%M"),
                "includes_retrospective": existing.includes_retrospective if existing else False,
                "reminder_days": ",".join(map(str, existing.reminder_days)) if existing else "3,1",
            },
            prefix=kind,
        )
    context = {
        "instrument": instrument,
        "program": instrument.program,
        "items": instrument.items.prefetch_related("choices"),
        "is_locked": selectors.is_instrument_locked(instrument=instrument),
        "versions": Instrument.objects.filter(
            program=instrument.program, key=instrument.key
        ).order_by("-version"),
        "item_form": item_form or ItemForm(initial={"kind": Item.Kind.KNOWLEDGE}),
        "import_form": import_form or CsvImportForm(),
        "administration_forms": [
            (label, administrations.get(kind), forms_by_kind[kind])
            for kind, label in Administration.Kind.choices
        ],
    }
    return render(request, "assessments/instrument_detail.html", context, status=status)


class ItemCreateView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.add_item(
                    instrument=instrument, spec=form.to_spec(), actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _version_message(request, instrument, item.instrument)
                messages.success(request, "Item added.")
                return redirect("assessments:instrument", pk=item.instrument_id)
        return render_builder(request, instrument, item_form=form, status=422)


class ItemEditView(DirectorMixin, View):
    template_name = "assessments/item_edit.html"

    def get(self, request, pk):
        item = selectors.get_item_for_director(user=request.user, pk=pk)
        form = ItemForm(initial=ItemForm.initial_for(item))
        return render(request, self.template_name, {"item": item, "form": form})

    def post(self, request, pk):
        item = selectors.get_item_for_director(user=request.user, pk=pk)
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                new = services.update_item(item=item, spec=form.to_spec(), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _version_message(request, item.instrument, new.instrument)
                messages.success(request, "Item saved.")
                return redirect("assessments:instrument", pk=new.instrument_id)
        return render(request, self.template_name, {"item": item, "form": form}, status=422)


class ItemMoveView(DirectorMixin, View):
    def post(self, request, pk):
        item = selectors.get_item_for_director(user=request.user, pk=pk)
        offset = -1 if request.POST.get("direction") == "up" else 1
        try:
            instrument = services.move_item(item=item, offset=offset, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:instrument", pk=item.instrument_id)
        _version_message(request, item.instrument, instrument)
        return redirect("assessments:instrument", pk=instrument.pk)


class ItemDeleteView(DirectorMixin, View):
    def post(self, request, pk):
        item = selectors.get_item_for_director(user=request.user, pk=pk)
        try:
            instrument = services.delete_item(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:instrument", pk=item.instrument_id)
        _version_message(request, item.instrument, instrument)
        messages.success(request, "Item removed.")
        return redirect("assessments:instrument", pk=instrument.pk)


class ExportItemsView(DirectorMixin, View):
    def get(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        return csv_response(
            services.export_items_csv(instrument=instrument),
            f"{instrument.key}-v{instrument.version}.csv",
        )


class ImportItemsView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        form = CsvImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                new, count = services.import_items_csv(
                    instrument=instrument, text=form.cleaned_data["file"], actor=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                _version_message(request, instrument, new)
                messages.success(request, f"Imported {count} items.")
                return redirect("assessments:instrument", pk=new.pk)
        return render_builder(request, instrument, import_form=form, status=422)


class PreviewView(DirectorMixin, View):
    """The form as a resident sees it, with nothing saved."""

    def get(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        is_pre = request.GET.get("kind") == "pre"
        preview = Administration(
            instrument=instrument,
            kind=Administration.Kind.PRE if is_pre else Administration.Kind.POST,
            includes_retrospective=not is_pre,
        )
        context = {
            "instrument": instrument,
            "administration": preview,
            "rows": _form_rows(preview, {}, {}),
        }
        return render(request, "assessments/preview.html", context)


class AdministrationSaveView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = selectors.get_instrument_for_director(user=request.user, pk=pk)
        kind = request.POST.get("kind_prefix", "")
        if kind not in Administration.Kind.values:
            messages.error(request, "Choose pre or post.")
            return redirect("assessments:instrument", pk=instrument.pk)
        form = AdministrationForm(request.POST, prefix=kind)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.schedule_administration(
                    instrument=instrument,
                    kind=kind,
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    includes_retrospective=data["includes_retrospective"],
                    reminder_days=data["reminder_days"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Window saved.")
                return redirect("assessments:instrument", pk=instrument.pk)
        return render_builder(request, instrument, admin_forms={kind: form}, status=422)


class CompletionView(DirectorMixin, View):
    """Who has responded, who has a draft, who has not started; with rates."""

    def get(self, request, pk):
        administration = selectors.get_administration_for_director(user=request.user, pk=pk)
        context = {
            "administration": administration,
            "program": administration.instrument.program,
            "completion": selectors.completion(administration=administration),
        }
        return render(request, "assessments/completion.html", context)


class SendRemindersView(DirectorMixin, View):
    def post(self, request, pk):
        administration = selectors.get_administration_for_director(user=request.user, pk=pk)
        if not administration.is_open(timezone.now()):
            messages.error(request, "The window is not open, so there is nobody to remind.")
            return redirect("assessments:completion", pk=administration.pk)
        key = f"manual-{timezone.localdate():%Y-%m-%d}"
        transaction.on_commit(
            lambda: send_reminders.delay(administration_id=administration.pk, key=key)
        )
        messages.success(
            request,
            "Reminders are on their way to everyone who has not submitted "
            "(at most one manual reminder per resident per day).",
        )
        return redirect("assessments:completion", pk=administration.pk)


class ResponseDetailView(DirectorMixin, View):
    """Directors see the individual responses of their own programs' learners."""

    def get(self, request, pk, learner_pk):
        response = selectors.get_response_for_director(
            user=request.user, administration_pk=pk, learner_pk=learner_pk
        )
        services.record_answers_viewed(response=response, viewer=request.user)
        context = {"response": response, "answers": selectors.answers_of(response=response)}
        return render(request, "assessments/response_detail.html", context)


class ProgramEvaluationsView(DirectorMixin, View):
    """Session evaluations of a program (anonymous if so set) and the evaluation settings."""

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def render_page(self, program, form=None, status=200):
        context = {
            "program": program,
            "summaries": selectors.session_evaluation_summaries(program=program),
            "course": selectors.course_evaluation_summary(program=program),
            "form": form
            or EvaluationSettingsForm(instance=selectors.evaluation_settings_for(program=program)),
        }
        return render(self.request, "assessments/program_evaluations.html", context, status=status)

    def get(self, request, slug):
        program = self.get_program()
        services.record_named_comments_viewed(program=program, viewer=request.user)
        return self.render_page(program)

    def post(self, request, slug):
        program = self.get_program()
        form = EvaluationSettingsForm(
            request.POST, instance=selectors.evaluation_settings_for(program=program)
        )
        if not form.is_valid():
            return self.render_page(program, form=form, status=422)
        ensure_program_is_active(program)  # the one program write here without a service
        form.save()
        messages.success(request, "Evaluation settings saved.")
        return redirect("assessments:program_evaluations", slug=program.slug)


class FacultyFeedbackView(OwnRecordPermissionMixin, View):
    """A faculty member's aggregated feedback: means only, and only from five respondents."""

    permission_required = "partners.teach"

    def get(self, request):
        feedback = selectors.feedback_for_faculty(faculty_member=request.user.faculty_profile)
        context = {"feedback": feedback, "minimum": selectors.MIN_RESPONDENTS}
        return render(request, "assessments/faculty_feedback.html", context)
