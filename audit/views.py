"""Read-only pages of the audit trail: staff see every event here; a program's directors see
their program's through rotation, which renders the same list. Nothing here writes."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from audit.forms import AuditFilterForm
from audit.selectors import audit_events

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
