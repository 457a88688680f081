"""A program's audit trail, for its directors: the audit app's event list, scoped to the
program found through rotation's access-checked lookup (another director gets 404)."""

from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from audit.views import render_events
from rotation.selectors.access import get_program_for_director


class ProgramAuditTrailView(PermissionRequiredMixin, View):
    permission_required = "audit.view_program_events"

    def get(self, request, slug):
        program = get_program_for_director(user=request.user, slug=slug)
        return render_events(request, program=program)
