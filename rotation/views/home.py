"""Start pages: home, the public schedule, the program list and a learner's own rotation."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from rotation.dates import session_times
from rotation.links import row_url
from rotation.mixins import OwnRecordPermissionMixin
from rotation.models import Enrollment, SeminarSession
from rotation.selectors.access import (
    programs_for_director,
    roles_of,
)
from rotation.selectors.learner import (
    enrolled_programs_of,
    enrollments_of,
    my_rotation_sessions,
    program_sessions_of,
)
from rotation.selectors.schedule import public_schedule


class HomeView(LoginRequiredMixin, TemplateView):
    """Sends each role to its own start page; a user without a role is told so."""

    template_name = "rotation/home.html"

    def get(self, request, *args, **kwargs):
        roles = roles_of(user=request.user)
        if roles.is_director:
            return redirect("rotation:program_list")
        if roles.is_liaison:
            return redirect("partners:organization_list")
        if roles.is_faculty:
            return redirect("teaching:my_teaching")
        if roles.is_learner:
            return redirect("rotation:my_rotation")
        if roles.is_staff:
            return redirect("admin:index")
        if request.user.has_perm("planning.take_part"):
            return redirect("planning:my_planning")
        return super().get(request, *args, **kwargs)


class PublicScheduleView(TemplateView):
    """A program's published schedule for anyone, if its director made it public."""

    template_name = "rotation/public_schedule.html"

    def get_context_data(self, **kwargs):
        program, sessions = public_schedule(slug=self.kwargs["slug"])
        return super().get_context_data(program=program, sessions=sessions, **kwargs)


class ProgramListView(PermissionRequiredMixin, ListView):
    """The course director's start page: the programs they direct."""

    permission_required = "rotation.direct_programs"
    template_name = "rotation/program_list.html"
    context_object_name = "programs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programs = context["programs"]
        context["active_programs"] = [program for program in programs if not program.is_archived]
        context["archived_programs"] = [program for program in programs if program.is_archived]
        return context

    def get_queryset(self):
        published = Q(sessions__status=SeminarSession.Status.PUBLISHED)
        enrolled = Q(enrollments__status=Enrollment.Status.ENROLLED)
        return programs_for_director(user=self.request.user).annotate(
            session_count=Count("sessions", filter=~Q(sessions__status="cancelled"), distinct=True),
            published_count=Count("sessions", filter=published, distinct=True),
            learner_count=Count("enrollments", filter=enrolled, distinct=True),
        )


class MyRotationView(OwnRecordPermissionMixin, TemplateView):
    """The resident's start page: the published schedule of their programs."""

    permission_required = "rotation.attend_programs"
    template_name = "rotation/my_rotation.html"

    def get_context_data(self, **kwargs):
        # Read once here for every block of the page about the learner's programs.
        learner = self.request.user.learner_profile
        enrollments = list(enrollments_of(learner=learner))
        programs = enrolled_programs_of(enrollments)
        program_sessions = program_sessions_of(learner=learner, enrollments=enrollments)
        sessions = my_rotation_sessions(program_sessions=program_sessions, programs=programs)
        # Formatted once per page, without the date filter's locale lookups per value, and the
        # session page's URL reversed once per page (rotation.links).
        page = row_url("teaching:session_materials")
        for session, times in zip(sessions, session_times(sessions), strict=True):
            session.times = times
            session.page_url = page(session.pk)
        return super().get_context_data(
            enrollments=enrollments,
            programs=programs,
            program_sessions=program_sessions,
            sessions=sessions,
            **kwargs,
        )
