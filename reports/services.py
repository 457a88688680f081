"""Writes of the reports app: building report files and running report runs."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from audit.services import record_event
from reports.models import ReportRun
from reports.rendering import Progress, render_faculty_feedback_pdf, render_pdf
from reports.selectors import course_report, faculty_feedback

logger = logging.getLogger(__name__)


def build_course_evaluation_pdf(*, program, progress: Progress | None = None) -> bytes:
    """The course evaluation of `program` as PDF bytes."""
    report = course_report(program=program)
    if progress:
        progress(30)
    return render_pdf(report, progress=progress)


def build_faculty_feedback_pdf(*, faculty_member, progress: Progress | None = None) -> bytes:
    """The aggregated feedback on `faculty_member`'s own sessions as PDF bytes."""
    feedback = faculty_feedback(faculty_member=faculty_member)
    if progress:
        progress(30)
    return render_faculty_feedback_pdf(feedback)


def record_export(*, program, user, identified: bool) -> None:
    """Audit a download of the program's responses, one row per learner, as CSV."""
    kind = "identified" if identified else "de-identified"
    with transaction.atomic():
        record_event(
            actor=user,
            action="answers.exported",
            target=program,
            program=program,
            changes={"export": [None, f"responses CSV, {kind}"]},
        )


def _queue(run: ReportRun) -> None:
    from reports.tasks import render_report

    transaction.on_commit(lambda: render_report.delay(run_id=run.pk))


@transaction.atomic
def request_report(*, program, user) -> ReportRun:
    """Record a course evaluation request and queue its rendering once it is committed."""
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION, program=program, requested_by=user
    )
    _queue(run)
    return run


@transaction.atomic
def request_faculty_feedback(*, faculty_member, user) -> ReportRun:
    """Record a faculty member's request for the feedback on their own sessions and queue its
    rendering once it is committed."""
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=faculty_member, requested_by=user
    )
    _queue(run)
    return run


@transaction.atomic
def retry_report(*, run: ReportRun) -> ReportRun:
    """Queue a failed run again; any other run is left as it is."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReportRun.Status.FAILED:
        return run
    run.status, run.progress, run.error = ReportRun.Status.QUEUED, 0, ""
    run.started_at = run.finished_at = None
    run.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
    _queue(run)
    return run


def set_progress(run_id: int, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(progress=percent)


BUILDERS = {
    ReportRun.Kind.COURSE_EVALUATION: lambda run, progress: build_course_evaluation_pdf(
        program=run.program, progress=progress
    ),
    ReportRun.Kind.FACULTY_FEEDBACK: lambda run, progress: build_faculty_feedback_pdf(
        faculty_member=run.faculty_member, progress=progress
    ),
}


def run_report(*, run_id: int) -> ReportRun | None:
    """Render one run. Idempotent: a run already done is left alone, so a redelivered task
    (acks_late after a lost worker) does no work twice. Any error marks the run failed with its
    reason, in words the director can act on."""
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(of=("self",))
            .select_related("program", "faculty_member")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status == ReportRun.Status.DONE:
            return run
        run.status, run.progress, run.error = ReportRun.Status.RUNNING, 5, ""
        run.started_at, run.finished_at = timezone.now(), None
        run.attempts += 1
        run.save(
            update_fields=["status", "progress", "error", "started_at", "finished_at", "attempts"]
        )
    try:
        content = BUILDERS[run.kind](run, lambda percent: set_progress(run.pk, percent))
        set_progress(run.pk, 90)
        run.file.save(f"{run.kind}.pdf", ContentFile(content), save=False)
    except OperationalError:
        raise  # the database is away: the task retries, the run stays running until then
    except Exception as error:
        logger.exception("Report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.DONE, progress=100, file=run.file.name, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
