"""Read-only pages of the audit trail: staff see every event, a program's directors their
program's. Nothing here writes."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from audit.forms import AuditFilterForm
from audit.selectors import audit_events
from rotation.selectors.access import get_program_for_director

PAGE_SIZE = 50


def render_events(request, *, program=None):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(program=program, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"program": program, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context)


class AuditTrailView(PermissionRequiredMixin, View):
    """Every event, for site staff."""

    permission_required = "audit.view_all_events"

    def get(self, request):
        return render_events(request)


class ProgramAuditTrailView(PermissionRequiredMixin, View):
    """One program's events, for its directors (another program's director gets 404)."""

    permission_required = "audit.view_program_events"

    def get(self, request, slug):
        program = get_program_for_director(user=request.user, slug=slug)
        return render_events(request, program=program)
