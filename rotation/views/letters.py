"""Excusal letters: list, preview and send."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.views import View
from django.views.generic import TemplateView

from rotation.documents import excusal_letter_pdf
from rotation.selectors.letters import (
    excusal_letter_context,
    letters_for_program,
    seminar_days,
    seminar_sessions_for_letters,
)
from rotation.selectors.roster import enrolled_learners
from rotation.services.letters import queue_excusal_letter, queue_excusal_letters
from rotation.views.programs import ProgramPermissionMixin
from rotation.views.schedule import pdf_response


class LetterListView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/letters.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enrollments=letters_for_program(program=self.program),
            days=seminar_days(seminar_sessions_for_letters(program=self.program)),
            **kwargs,
        )


class LetterPreviewView(ProgramPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        enrollment = get_object_or_404(
            enrolled_learners(program=self.program), pk=self.kwargs["enrollment"]
        )
        pdf = excusal_letter_pdf(context=excusal_letter_context(enrollment=enrollment))
        return pdf_response(pdf, f"excusal-letter-{enrollment.pk}.pdf")


class LetterSendView(ProgramPermissionMixin, View):
    def post(self, request, *args, **kwargs):
        if "enrollment" in request.POST:
            enrollment = get_object_or_404(
                letters_for_program(program=self.program), pk=request.POST["enrollment"]
            )
            letter = getattr(enrollment, "excusal_letter", None)
            if letter is None:
                raise Http404("No letter for this learner yet.")
            queue_excusal_letter(letter=letter)
            messages.success(request, f"Re-sending the letter for {enrollment.learner}.")
        else:
            count = queue_excusal_letters(program=self.program)
            messages.success(
                request,
                f"Sending {count} letter{pluralize(count)}."
                if count
                else "Every letter has already been sent; use Re-send for one.",
            )
        return redirect("rotation:letters", slug=self.program.slug)
