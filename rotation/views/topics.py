"""A program's topics and their competency coverage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from rotation.competencies import SbpCompetency
from rotation.forms import TopicForm
from rotation.selectors.programs import competency_coverage, topics_for_program
from rotation.services.programs import save_topic
from rotation.views.programs import ProgramPermissionMixin


class TopicListView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/topics.html"

    def get_context_data(self, **kwargs):
        topics = list(topics_for_program(program=self.program))
        return super().get_context_data(
            topics=topics,
            coverage=competency_coverage(program=self.program, topics=topics),
            competency_labels=dict(SbpCompetency.choices),
            **kwargs,
        )


class TopicEditView(ProgramPermissionMixin, View):
    template_name = "rotation/topic_form.html"

    def get_topic(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.program.topics, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        topic = self.get_topic()
        initial = {}
        if topic is not None:
            initial = {
                "title": topic.title,
                "description": topic.description,
                "learning_objectives": topic.learning_objectives,
                "proposed_by": topic.proposed_by_id,
                "sbp_competencies": topic.sbp_competencies,
            }
        return self.render_form(TopicForm(initial=initial, program=self.program), topic)

    def post(self, request, *args, **kwargs):
        topic = self.get_topic()
        form = TopicForm(request.POST, program=self.program)
        if form.is_valid():
            try:
                save_topic(program=self.program, topic=topic, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("title", error)
            else:
                messages.success(request, f"Saved the topic “{form.cleaned_data['title']}”.")
                return redirect("rotation:topics", slug=self.program.slug)
        return self.render_form(form, topic)

    def render_form(self, form, topic):
        return render(
            self.request,
            self.template_name,
            {"program": self.program, "form": form, "topic": topic},
        )
