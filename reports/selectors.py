"""Reads of the reports app, access-checked."""

from django.db.models import QuerySet
from django.http import Http404

from reports.models import ReportRun


def runs_for_program(*, program) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(program=program).select_related("requested_by")


def get_run_for_program(*, program, pk: int) -> ReportRun:
    """A run of this (already access-checked) program; 404 for another program's run."""
    try:
        return runs_for_program(program=program).get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report.") from None
