"""A learner's optional demographic answers for a program that asks them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from assessments.forms import DemographicAnswersForm
from assessments.selectors.demographics import demographic_answers_of, demographic_fields_of
from assessments.selectors.lookups import get_program_for_learner
from assessments.services.demographics import save_demographic_answers
from assessments.views.mixins import LearnerMixin


class DemographicAnswersView(LearnerMixin, View):
    template_name = "assessments/demographics.html"

    def setup_program(self, slug):
        self.program = get_program_for_learner(learner=self.learner, slug=slug)
        self.asked = demographic_fields_of(program=self.program)

    def render_page(self, form, status=200):
        context = {"program": self.program, "form": form, "asked": self.asked}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        self.setup_program(slug)
        stored = demographic_answers_of(learner=self.learner, program=self.program)
        initial = {name: getattr(stored, name) for name in self.asked} if stored else {}
        return self.render_page(DemographicAnswersForm(initial=initial, fields=self.asked))

    def post(self, request, slug):
        self.setup_program(slug)
        form = DemographicAnswersForm(request.POST, fields=self.asked)
        if form.is_valid():
            try:
                save_demographic_answers(
                    learner=self.learner,
                    program=self.program,
                    answers=form.cleaned_data,
                    now=timezone.now(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Thank you: your answers are saved.")
                return redirect("rotation:my_rotation")
        return self.render_page(form, status=422)
