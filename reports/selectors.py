"""Reads of the reports app, access-checked."""

from django.db.models import QuerySet
from django.http import Http404

from reports.models import ReportRun


def runs_for_program(*, program) -> QuerySet[ReportRun]:
    """The course evaluations of a program (a faculty member's feedback has no program)."""
    return ReportRun.objects.filter(program=program).select_related("requested_by")


def get_run_for_program(*, program, pk: int) -> ReportRun:
    """A run of this (already access-checked) program; 404 for another program's run."""
    return _get(runs_for_program(program=program), pk=pk)


def runs_for_faculty_member(*, faculty_member) -> QuerySet[ReportRun]:
    """A faculty member's own feedback reports: nobody else's, whoever requested them."""
    return ReportRun.objects.filter(
        kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=faculty_member
    ).select_related("requested_by")


def get_run_for_faculty_member(*, faculty_member, pk: int) -> ReportRun:
    """One of the faculty member's own feedback reports; 404 for anyone else's run."""
    return _get(runs_for_faculty_member(faculty_member=faculty_member), pk=pk)


def _get(runs: QuerySet[ReportRun], *, pk: int) -> ReportRun:
    try:
        return runs.get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report.") from None
