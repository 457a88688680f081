"""Session and course evaluations: the learner forms, the director summary and faculty feedback."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from assessments.forms import EvaluationSettingsForm
from assessments.selectors.due import evaluation_window
from assessments.selectors.evaluations import (
    MIN_RESPONDENTS,
    course_evaluation_summary,
    evaluation_settings_for,
    feedback_for_faculty,
    session_evaluation_summaries,
)
from assessments.selectors.lookups import get_program_for_learner, get_session_for_learner
from assessments.selectors.results import session_evaluation_of
from assessments.services.evaluations import (
    evaluate_course,
    evaluate_session,
    save_evaluation_settings,
)
from assessments.services.responses import record_named_comments_viewed
from assessments.views.mixins import DirectorMixin, LearnerMixin
from rotation.mixins import OwnRecordPermissionMixin
from rotation.selectors.access import get_program_for_director


class EvaluateSessionView(LearnerMixin, View):
    template_name = "assessments/evaluate_session.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = None

    def get_session(self):
        return get_session_for_learner(learner=self.learner, pk=self.kwargs["pk"])

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
            "evaluation": session_evaluation_of(session=session, learner=self.learner),
            "scale": range(1, 6),
        }
        opens, closes = evaluation_window(session=session)
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
                if not member.isdigit():
                    return self.render_page(
                        session, values=request.POST, error="Unknown faculty member.", status=422
                    )
                ratings[int(member)] = value
        try:
            _evaluation, created = evaluate_session(
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
        program = get_program_for_learner(learner=self.learner, slug=slug)
        return self.render_page(program)

    def post(self, request, slug):
        program = get_program_for_learner(learner=self.learner, slug=slug)
        try:
            _evaluation, created = evaluate_course(
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


class ProgramEvaluationsView(DirectorMixin, View):
    """Session evaluations of a program (anonymous if so set) and the evaluation settings."""

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def render_page(self, program, form=None, status=200):
        context = {
            "program": program,
            "summaries": session_evaluation_summaries(program=program),
            "course": course_evaluation_summary(program=program),
            "form": form
            or EvaluationSettingsForm(instance=evaluation_settings_for(program=program)),
        }
        return render(self.request, "assessments/program_evaluations.html", context, status=status)

    def get(self, request, slug):
        program = self.get_program()
        record_named_comments_viewed(program=program, viewer=request.user)
        return self.render_page(program)

    def post(self, request, slug):
        program = self.get_program()
        form = EvaluationSettingsForm(
            request.POST, instance=evaluation_settings_for(program=program)
        )
        if not form.is_valid():
            return self.render_page(program, form=form, status=422)
        save_evaluation_settings(program=program, **form.cleaned_data, actor=request.user)
        messages.success(request, "Evaluation settings saved.")
        return redirect("assessments:program_evaluations", slug=program.slug)


class FacultyFeedbackView(OwnRecordPermissionMixin, View):
    """A faculty member's aggregated feedback: means only, and only from five respondents."""

    permission_required = "teaching.teach"

    def get(self, request):
        feedback = feedback_for_faculty(faculty_member=request.user.faculty_profile)
        context = {"feedback": feedback, "minimum": MIN_RESPONDENTS}
        return render(request, "assessments/faculty_feedback.html", context)
