"""A learner taking an assessment: the form, autosave and results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from assessments.models import Administration, Item
from assessments.selectors.lookups import get_administration_for_learner
from assessments.selectors.responses import draft_values, form_items, response_of
from assessments.selectors.results import results_for_learner
from assessments.services.responses import (
    WindowClosed,
    answer_fields,
    check_window,
    save_answer,
    submit_response,
)
from assessments.views.mixins import LearnerMixin


def form_rows(administration, values, errors):
    """What the template needs per question, in order; retrospective questions follow their item."""
    rows = []
    for number, item in enumerate(form_items(administration=administration), start=1):
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
    fields = answer_fields(administration)
    answered = sum(1 for name in fields if values.get(name))
    return {"answered": answered, "total": len(fields)}


class TakeAssessmentView(LearnerMixin, View):
    """GET the form (resuming the draft); POST submits it once."""

    template_name = "assessments/take.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and hasattr(request.user, "learner_profile"):
            self.administration = get_administration_for_learner(
                learner=request.user.learner_profile, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, *, values, errors=None, status=200, closed_message=""):
        administration = self.administration
        response = response_of(administration=administration, learner=self.learner)
        errors = errors or {}
        context = {
            "administration": administration,
            "response": response,
            "rows": form_rows(administration, values, errors),
            "errors": errors,
            "progress": _progress(administration, values),
            "closed_message": closed_message,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        values = draft_values(administration=self.administration, learner=self.learner)
        closed = ""
        try:
            check_window(administration=self.administration, now=now)
        except WindowClosed as error:
            closed = error.message
        return self.render_form(values=values, closed_message=closed)

    def post(self, request, *args, **kwargs):
        now = timezone.now()
        try:
            result = submit_response(
                administration=self.administration,
                learner=self.learner,
                data=request.POST,
                now=now,
            )
        except WindowClosed as error:
            values = draft_values(administration=self.administration, learner=self.learner)
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
            values = {**draft_values(administration=self.administration, learner=self.learner)}
            for name in result.errors:
                values.setdefault(name, request.POST.get(name, ""))
            return self.render_form(values=values, errors=result.errors, status=422)
        messages.success(request, "Thank you — your answers are submitted.")
        return redirect("assessments:take", pk=self.administration.pk)


class SaveAnswerView(LearnerMixin, View):
    """HTMX autosave of one answer; answers the status line and the progress bar."""

    def post(self, request, pk):
        administration = get_administration_for_learner(learner=self.learner, pk=pk)
        name = request.POST.get("field", "")
        raw = request.POST.get(name, "")
        try:
            save_answer(
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
        values = draft_values(administration=administration, learner=self.learner)
        return render(
            request,
            "assessments/_save_status.html",
            {"saved_at": timezone.now(), "progress": _progress(administration, values)},
        )


class ResultsView(LearnerMixin, View):
    def get(self, request, pk):
        administration = get_administration_for_learner(learner=self.learner, pk=pk)
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
            context["results"] = results_for_learner(post=administration, learner=self.learner)
            if context["results"] is None:
                context["message"] = (
                    "You did not submit the post-assessment, so there are no results."
                )
        return render(request, "assessments/results.html", context)
