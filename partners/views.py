from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from partners.selectors import organizations_for_liaison
from rotation.selectors import sessions_for_faculty


class OrganizationListView(PermissionRequiredMixin, ListView):
    """The partner liaison's start page: the organizations they speak for."""

    permission_required = "partners.liaise"
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return organizations_for_liaison(user=self.request.user)


class MyTeachingView(PermissionRequiredMixin, ListView):
    """The faculty member's start page: the sessions they teach."""

    permission_required = "partners.teach"
    template_name = "partners/my_teaching.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return sessions_for_faculty(faculty_member=self.request.user.faculty_profile)
