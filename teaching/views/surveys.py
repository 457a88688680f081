"""The faculty experience survey: a faculty member answers it; directors read the aggregates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from teaching import services
from teaching.forms import FacultySurveyForm
from teaching.models import SURVEY_MIN_RESPONDENTS
from teaching.selectors.surveys import faculty_experience_for_director, get_survey_for_faculty
from teaching.views.faculty import FacultyOnlyMixin


class FacultySurveyView(FacultyOnlyMixin, FormView):
    """The faculty member's own survey for one program (404 for any other)."""

    template_name = "teaching/faculty_survey.html"
    form_class = FacultySurveyForm

    def dispatch(self, request, *args, **kwargs):
        self.survey = None
        return super().dispatch(request, *args, **kwargs)

    def get_survey(self):
        if self.survey is None:
            self.survey = get_survey_for_faculty(
                faculty_member=self.member, slug=self.kwargs["slug"]
            )
        return self.survey

    def form_valid(self, form):
        try:
            services.submit_faculty_survey(survey=self.get_survey(), answers=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Thank you! Your answers are saved.")
        return redirect("teaching:my_teaching")

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.get_survey(), **kwargs)


class FacultyExperienceView(PermissionRequiredMixin, TemplateView):
    """A director's view of the survey: per program and per partner organization, suppressed
    below five respondents. 9 queries whatever the number of programs and surveys."""

    permission_required = "rotation.direct_programs"
    template_name = "teaching/faculty_experience.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            minimum=SURVEY_MIN_RESPONDENTS,
            **faculty_experience_for_director(user=self.request.user),
            **kwargs,
        )
