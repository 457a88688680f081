"""Writes of the reports app: building report files and running report runs."""

from __future__ import annotations

import logging
import tempfile
import zipfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import OperationalError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from audit.services import record_event
from outbox.services import enqueue
from reports.benchmarking import benchmarking
from reports.milestones import Evidence, enrollments_for_export, evidence_for
from reports.models import PartnershipReview, ReportRun
from reports.rendering import (
    Progress,
    render_benchmarking_pdf,
    render_evidence_pdf,
    render_faculty_feedback_pdf,
    render_pdf,
)
from reports.scorecard import review_scorecard, reviews_due_for_reminder
from reports.selectors import course_report, faculty_feedback
from reports.value_report import partner_value, render_value_report_pdf
from rotation.selectors.access import programs_for_director
from rotation.selectors.partners import programs_of_partner
from webhooks.services import emit

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


def evidence_file_name(evidence: Evidence) -> str:
    """A zip member's name: ASCII letters, digits and hyphens only, unique by enrollment."""
    learner = evidence.learner
    name = slugify(f"{learner.last_name} {learner.first_name}") or "learner"
    return f"{name}-{evidence.program.slug}-{evidence.enrollment.pk}-milestone-evidence.pdf"


def build_milestone_zip(*, run: ReportRun, progress: Progress | None = None) -> File:
    """The milestone evidence PDF of every learner the run covers, in a zip written to a
    temporary file as each PDF is rendered: memory stays flat however many learners there are."""
    if run.requested_by is None:
        raise ValueError("The account that asked for it no longer exists; ask again.")
    enrollments = list(
        enrollments_for_export(
            programs=programs_for_director(user=run.requested_by),
            academic_year=run.academic_year,
            residency_program=run.residency_program,
        )
    )
    if not enrollments:
        raise ValueError("There is no learner of that residency program in that academic year.")
    evidence = evidence_for(enrollments=enrollments)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the storage, closed by run_report
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, row in enumerate(evidence, start=1):
            archive.writestr(evidence_file_name(row), render_evidence_pdf(row))
            if progress and (done % 5 == 0 or done == len(evidence)):
                progress(5 + 85 * done // len(evidence))
    spool.seek(0)
    return File(spool)


@transaction.atomic
def request_milestone_zip(*, user, academic_year: str, residency_program: str) -> ReportRun:
    """Record a request for the zip of milestone evidence PDFs of a residency program's learners
    in the programs of an academic year that the user directs, and queue it on commit."""
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.MILESTONE_EVIDENCE,
        academic_year=academic_year,
        residency_program=residency_program,
        requested_by=user,
    )
    _queue(run)
    return run


def build_benchmarking_pdf(*, user, progress: Progress | None = None) -> bytes:
    """The benchmarking of every program `user` may compare, as PDF bytes."""
    if user is None:
        raise ValueError("the account that asked for this benchmarking no longer exists")
    figures = benchmarking(user=user)
    if progress:
        progress(30)
    scope = "every program" if user.is_staff else "the programs you direct"
    return render_benchmarking_pdf(figures, scope=scope)


def build_partner_value_pdf(*, run, progress: Progress | None = None) -> bytes:
    """The value report of the run's organization for its program or academic year."""
    organization = run.organization
    if run.program_id:
        programs, year, period = [run.program], run.program.academic_year, str(run.program)
    else:
        programs = [
            program
            for program in programs_of_partner(organization=organization)
            if program.academic_year == run.academic_year
        ]
        year, period = run.academic_year, f"Academic year {run.academic_year}"
    value = partner_value(
        organization=organization, programs=programs, academic_year=year, period=period
    )
    if progress:
        progress(40)
    return render_value_report_pdf(value=value)


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
    enqueue("reports.render_report", run_id=run.pk)


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
def request_benchmarking(*, user) -> ReportRun:
    """Record a request for the benchmarking PDF (of the programs `user` may compare when it
    is rendered) and queue its rendering once it is committed."""
    run = ReportRun.objects.create(kind=ReportRun.Kind.BENCHMARKING, requested_by=user)
    _queue(run)
    return run


@transaction.atomic
def request_partner_value(
    *, organization, user, program=None, academic_year: str = ""
) -> ReportRun:
    """Record a partner value report request, of one program or one academic year (the view
    checked that the organization takes part), and queue its rendering once committed."""
    if (program is None) == (not academic_year):
        raise ValueError("A value report is of one program or of one academic year.")
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.PARTNER_VALUE,
        organization=organization,
        program=program,
        academic_year="" if program else academic_year,
        requested_by=user,
    )
    _queue(run)
    return run


def is_stuck(run: ReportRun, *, now: datetime) -> bool:
    """Queued or running for longer than any render takes: its worker or its message was lost."""
    limit = now - timedelta(seconds=settings.REPORTS_STUCK_AFTER_SECONDS)
    return (run.status == ReportRun.Status.QUEUED and run.queued_at < limit) or (
        run.status == ReportRun.Status.RUNNING
        and run.started_at is not None
        and run.started_at < limit
    )


@transaction.atomic
def retry_report(*, run: ReportRun, now: datetime) -> ReportRun:
    """The owner's "try again": queue a failed or stuck run afresh; any other run is left alone."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ReportRun.Status.FAILED and not is_stuck(run, now=now):
        return run
    _requeue(run, now=now, recoveries=0)
    return run


def _requeue(run: ReportRun, *, now: datetime, recoveries: int) -> None:
    run.status, run.progress, run.error = ReportRun.Status.QUEUED, 0, ""
    run.started_at = run.finished_at = None
    run.queued_at, run.recoveries = now, recoveries
    run.save(
        update_fields=[
            "status",
            "progress",
            "error",
            "started_at",
            "finished_at",
            "queued_at",
            "recoveries",
        ]
    )
    _queue(run)


def recover_stuck_runs(*, now: datetime) -> dict[str, int]:
    """The watchdog (beat): each stuck run is queued again, or, once it has been recovered
    REPORTS_MAX_RECOVERIES times, failed with a reason its owner can act on."""
    counts = {"requeued": 0, "failed": 0}
    limit = now - timedelta(seconds=settings.REPORTS_STUCK_AFTER_SECONDS)
    stuck = ReportRun.objects.filter(
        Q(status=ReportRun.Status.QUEUED, queued_at__lt=limit)
        | Q(status=ReportRun.Status.RUNNING, started_at__lt=limit)
    )
    with transaction.atomic():
        for run in stuck.select_for_update(skip_locked=True).order_by("pk"):
            if run.recoveries >= settings.REPORTS_MAX_RECOVERIES:
                _give_up(run, now=now)
                counts["failed"] += 1
            else:
                _requeue(run, now=now, recoveries=run.recoveries + 1)
                counts["requeued"] += 1
    return counts


def _give_up(run: ReportRun, *, now: datetime) -> None:
    logger.warning("Report run %s gave up after %s recoveries.", run.pk, run.recoveries)
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.FAILED,
        finished_at=now,
        error=(
            f"It stopped {run.recoveries + 1} times before it was finished (a background worker "
            "was lost or the queue or database was away). Try again; if it stops again, tell "
            "the site staff."
        ),
    )


def set_progress(run_id: int, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(progress=percent)


BUILDERS = {
    ReportRun.Kind.COURSE_EVALUATION: lambda run, progress: build_course_evaluation_pdf(
        program=run.program, progress=progress
    ),
    ReportRun.Kind.FACULTY_FEEDBACK: lambda run, progress: build_faculty_feedback_pdf(
        faculty_member=run.faculty_member, progress=progress
    ),
    ReportRun.Kind.MILESTONE_EVIDENCE: lambda run, progress: build_milestone_zip(
        run=run, progress=progress
    ),
    ReportRun.Kind.BENCHMARKING: lambda run, progress: build_benchmarking_pdf(
        user=run.requested_by, progress=progress
    ),
    ReportRun.Kind.PARTNER_VALUE: lambda run, progress: build_partner_value_pdf(
        run=run, progress=progress
    ),
}


def run_report(*, run_id: int) -> ReportRun | None:
    """Render one run. Idempotent: a run already done is left alone, so a redelivered task
    (acks_late after a lost worker) does no work twice. Any error marks the run failed with its
    reason, in words the director can act on."""
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(of=("self",))
            .select_related("program", "faculty_member", "organization", "requested_by")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status == ReportRun.Status.DONE:
            return run
        if run.status == ReportRun.Status.RUNNING:
            # Delivered again mid-run: its worker died (or the database went away). Bounded, so
            # that a report that kills its worker every time cannot loop for ever.
            if run.recoveries >= settings.REPORTS_MAX_RECOVERIES:
                _give_up(run, now=timezone.now())
                run.refresh_from_db()
                return run
            run.recoveries += 1
        run.status, run.progress, run.error = ReportRun.Status.RUNNING, 5, ""
        run.started_at, run.finished_at = timezone.now(), None
        run.attempts += 1
        run.save(
            update_fields=[
                "status",
                "progress",
                "error",
                "started_at",
                "finished_at",
                "attempts",
                "recoveries",
            ]
        )
    try:
        content = BUILDERS[run.kind](run, lambda percent: set_progress(run.pk, percent))
        set_progress(run.pk, 90)
        if isinstance(content, bytes):
            content = ContentFile(content)
        with content:
            run.file.save(f"{run.kind}.{run.file_suffix}", content, save=False)
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
    with transaction.atomic():
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.DONE,
            progress=100,
            file=run.file.name,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        emit("report.ready", lambda: report_data(run))
        if run.kind == ReportRun.Kind.PARTNER_VALUE:
            enqueue("reports.send_value_report", run_id=run.pk)
    return run


# Each kind's page and file, by URL name: a course evaluation's sit under its program.
RUN_URLS = {
    ReportRun.Kind.COURSE_EVALUATION: ("reports:run", "reports:download"),
    ReportRun.Kind.FACULTY_FEEDBACK: (
        "reports:faculty_feedback_run",
        "reports:faculty_feedback_download",
    ),
    ReportRun.Kind.MILESTONE_EVIDENCE: ("reports:milestone_run", "reports:milestone_download"),
    ReportRun.Kind.BENCHMARKING: ("reports:benchmarking_run", "reports:benchmarking_download"),
    ReportRun.Kind.PARTNER_VALUE: ("reports:partner_value_run", "reports:partner_value_download"),
}


def report_data(run: ReportRun) -> dict:
    """What a webhook endpoint is told of a finished report, with the paths of its page and its
    file (the API has a course evaluation's under /api/programs/<slug>/reports/<id>/)."""
    kwargs = {"pk": run.pk}
    if run.kind == ReportRun.Kind.COURSE_EVALUATION:
        kwargs["slug"] = run.program.slug
    elif run.kind == ReportRun.Kind.PARTNER_VALUE:
        kwargs["slug"] = run.organization.slug
    page, download = (reverse(name, kwargs=kwargs) for name in RUN_URLS[run.kind])
    return {
        "report": {
            "id": run.pk,
            "kind": run.kind,
            "finished_at": run.finished_at.isoformat(),
            "program": run.program.slug if run.program_id else None,
            "faculty_member": run.faculty_member_id,
            "organization": run.organization.slug if run.organization_id else None,
            "page": page,
            "download": download,
        }
    }


# --- Quarterly partnership reviews --------------------------------------------------------------


def schedule_review(*, organization, held_on, actor) -> PartnershipReview:
    """A review meeting of the partnership on that day (one per day)."""
    if PartnershipReview.objects.filter(organization=organization, held_on=held_on).exists():
        raise ValidationError("A review of this partnership is already set for that day.")
    review = PartnershipReview(organization=organization, held_on=held_on)
    with transaction.atomic():
        review.save()
        record_event(
            actor=actor,
            action="review.scheduled",
            target=organization,
            changes={"review": [None, held_on.isoformat()]},
        )
    return review


def record_review(
    *, review: PartnershipReview, notes: str, decisions: str, next_review_on, actor
) -> PartnershipReview | None:
    """Record a held review: its notes and decisions, and the scorecard frozen as the data stands
    now; the next review is scheduled on `next_review_on` (the caller's default: three months
    later). Returns the next review. A review already recorded is refused."""
    if next_review_on is not None and next_review_on <= review.held_on:
        raise ValidationError("The next review must come after this one.")
    card = review_scorecard(review=review)
    with transaction.atomic():
        locked = PartnershipReview.objects.select_for_update().get(pk=review.pk)
        if locked.is_recorded:
            raise ValidationError("This review was already recorded.")
        review.scorecard = card
        review.notes, review.decisions = notes, decisions
        review.recorded_at, review.recorded_by = timezone.now(), actor
        review.save(update_fields=["scorecard", "notes", "decisions", "recorded_at", "recorded_by"])
        record_event(
            actor=actor,
            action="review.recorded",
            target=review.organization,
            changes={"review": [review.held_on.isoformat(), "recorded"]},
        )
        upcoming = None
        if next_review_on is not None:
            upcoming, _ = PartnershipReview.objects.get_or_create(
                organization=review.organization, held_on=next_review_on
            )
    return upcoming


def send_review_reminders(*, today) -> int:
    """Queue one reminder per scheduled review coming up within the reminder window; the
    review is marked reminded in the same transaction, so it is never reminded twice."""
    queued = 0
    for review in reviews_due_for_reminder(today=today):
        with transaction.atomic():
            claimed = PartnershipReview.objects.filter(pk=review.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            )
            if claimed:
                enqueue("reports.send_review_reminder", review_id=review.pk)
                queued += 1
    return queued
