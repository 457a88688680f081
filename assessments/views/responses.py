"""A learner taking an assessment: the form, autosave and results."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
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
    save_answers,
    submit_response,
)
from assessments.views.mixins import LearnerMixin


def _options(item, value: str) -> list[tuple[str, str, bool]]:
    """A question's radio buttons as (value, label, checked): a knowledge item's choices, a
    scaled item's labels numbered from 1, none for free text. Built here once, so that the
    template does not compare every option with the answer."""
    if item.kind == Item.Kind.KNOWLEDGE:
        pairs = [(str(choice.pk), choice.text) for choice in item.choices.all()]
    elif item.is_scaled:
        pairs = [(str(number), label) for number, label in enumerate(item.labels, start=1)]
    else:
        return []
    return [(option, label, option == value) for option, label in pairs]


def form_rows(administration, values, errors):
    """What the template needs per question, in order; retrospective questions follow their item."""
    rows = []
    for number, item in enumerate(form_items(administration=administration), start=1):
        name = f"item-{item.pk}"
        value = values.get(name, "")
        row = {
            "item": item,
            "number": number,
            "name": name,
            "value": value,
            "options": _options(item, value),
            "error": errors.get(name, ""),
            "retro": None,
        }
        if (
            administration.includes_retrospective
            and item.kind == Item.Kind.ATTITUDE
            and item.has_retrospective
        ):
            retro = f"retro-{item.pk}"
            retro_value = values.get(retro, "")
            row["retro"] = {
                "name": retro,
                "value": retro_value,
                "options": _options(item, retro_value),
                "error": errors.get(retro, ""),
            }
        rows.append(row)
    return rows


# A form of more questions than this is split into pages, one per section (the questions of one
# kind, in their order), a long section into pages of at most PAGE_SIZE.
LONG_FORM = 20
PAGE_SIZE = 15
SECTION_TITLES = {
    Item.Kind.KNOWLEDGE: "What you know",
    Item.Kind.ATTITUDE: "Your views",
    Item.Kind.BEHAVIOUR: "What you have done since the course",
    Item.Kind.FREE_TEXT: "In your own words",
}


def form_pages(rows: list[dict]) -> list[dict]:
    """The form's pages: all rows on one, or for a long form one page per section; each row
    learns its page number (the error summary links to it)."""
    if len(rows) <= LONG_FORM:
        pages = [{"title": "", "rows": rows}]
    else:
        pages = []
        for kind, section in groupby(rows, key=lambda row: row["item"].kind):
            section = list(section)
            parts = [section[i : i + PAGE_SIZE] for i in range(0, len(section), PAGE_SIZE)]
            for number, part in enumerate(parts, start=1):
                title = SECTION_TITLES[kind]
                if len(parts) > 1:
                    title += f" ({number} of {len(parts)})"
                pages.append({"title": title, "rows": part})
    for number, page in enumerate(pages, start=1):
        page["number"] = number
        for row in page["rows"]:
            row["page"] = number
    return pages


def _page_number(value, count: int) -> int:
    """The page asked for, within 1..count (page 1 for anything else)."""
    try:
        return min(max(int(value), 1), count)
    except (TypeError, ValueError):
        return 1


def _progress(names, values) -> dict:
    """How many of the form's fields (`names`, as answer_fields names them) are answered."""
    names = list(names)
    answered = sum(1 for name in names if values.get(name))
    return {"answered": answered, "total": len(names)}


def _field_names(rows):
    """The form's field names from its rows, without reading the items again."""
    for row in rows:
        yield row["name"]
        if row["retro"]:
            yield row["retro"]["name"]


class TakeAssessmentView(LearnerMixin, View):
    """GET the form (resuming the draft); POST submits it once."""

    template_name = "assessments/take.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and hasattr(request.user, "learner_profile"):
            self.administration = get_administration_for_learner(
                learner=request.user.learner_profile, pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, *, values, errors=None, status=200, closed_message="", page=None):
        administration = self.administration
        response = response_of(administration=administration, learner=self.learner)
        errors = errors or {}
        rows = form_rows(administration, values, errors)
        pages = form_pages(rows)
        if page is None:
            page = self.request.GET.get("page")
        current = pages[_page_number(page, len(pages)) - 1]
        context = {
            "administration": administration,
            "response": response,
            "rows": rows,
            "pages": pages,
            "page": current,
            "next_page": pages[current["number"]] if current["number"] < len(pages) else None,
            "errors": errors,
            "progress": _progress(_field_names(rows), values),
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
        go = request.POST.get("go", "submit")
        if go in ("next", "back"):
            return self.turn_page(forward=go == "next", now=now)
        # A long form posts only its last page: the earlier pages' answers are in the draft.
        drafts = draft_values(administration=self.administration, learner=self.learner)
        try:
            result = submit_response(
                administration=self.administration,
                learner=self.learner,
                data={**drafts, **request.POST.dict()},
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
            first = next(iter(result.errors))
            rows = form_pages(form_rows(self.administration, values, result.errors))
            page = next(p["number"] for p in rows for row in p["rows"] if first in _names(row))
            return self.render_form(values=values, errors=result.errors, status=422, page=page)
        messages.success(request, "Thank you — your answers are submitted.")
        return redirect("assessments:take", pk=self.administration.pk)

    def turn_page(self, *, forward: bool, now):
        """Next or Back on a long form: this page's answers are saved first (the way that works
        without autosave), then the next or previous page."""
        count = len(form_pages(form_rows(self.administration, {}, {})))
        number = _page_number(self.request.POST.get("page"), count)
        try:
            errors = save_answers(
                administration=self.administration,
                learner=self.learner,
                data=self.request.POST,
                now=now,
            )
        except WindowClosed as error:
            values = draft_values(administration=self.administration, learner=self.learner)
            return self.render_form(values=values, closed_message=error.message)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("assessments:take", pk=self.administration.pk)
        if errors:
            values = {**draft_values(administration=self.administration, learner=self.learner)}
            values.update({name: self.request.POST.get(name, "") for name in errors})
            return self.render_form(values=values, errors=errors, status=422, page=number)
        target = min(number + 1, count) if forward else max(number - 1, 1)
        url = reverse("assessments:take", args=[self.administration.pk])
        return redirect(f"{url}?page={target}")


def _names(row: dict) -> set[str]:
    return {row["name"], row["retro"]["name"]} if row["retro"] else {row["name"]}


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
            {
                "saved_at": timezone.now(),
                "progress": _progress(answer_fields(administration), values),
            },
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
