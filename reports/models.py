"""Report runs: one request for a report file, rendered by a Celery worker."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import FacultyMember, Organization
from rotation.models import Program


def report_file_path(run, filename: str) -> str:
    """A random name under MEDIA_ROOT/reports/: never guessable, never the program's name."""
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reports/{secrets.token_urlsafe(18)}.{suffix}"


class ReportRun(models.Model):
    class Kind(models.TextChoices):
        COURSE_EVALUATION = "course_evaluation", "Course evaluation (PDF)"
        FACULTY_FEEDBACK = "faculty_feedback", "Faculty feedback (PDF)"
        MILESTONE_EVIDENCE = "milestone_evidence", "Milestone evidence (zip of PDFs)"
        BENCHMARKING = "benchmarking", "Benchmarking across years and programs (PDF)"
        PARTNER_VALUE = "partner_value", "Partner value report (PDF)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
        help_text="Course evaluation: of which program. Partner value: of one program (or a year).",
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
        help_text="Partner value only: whose contribution and outcomes.",
    )
    academic_year = models.CharField(
        max_length=9,
        blank=True,
        help_text="Partner value of a whole academic year; milestone evidence of its learners.",
    )
    faculty_member = models.ForeignKey(
        FacultyMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
        help_text="Faculty feedback only: whose sessions (of every program they taught in).",
    )
    # Milestone evidence only: the learners of one residency program (empty: all) in the
    # programs of one academic year that the requester directs (staff: every program).
    residency_program = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="report_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=report_file_path, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    recoveries = models.PositiveSmallIntegerField(
        default=0, help_text="Times restarted after its worker was lost (watchdog or redelivery)."
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            # A course evaluation is of one program, a faculty member's feedback of that
            # member's sessions only, milestone evidence of an academic year's learners: each
            # run names exactly the one it is about. A benchmarking is of every program its
            # requester may compare, so it names none.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="course_evaluation",
                        program__isnull=False,
                        faculty_member__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        kind="faculty_feedback",
                        program__isnull=True,
                        faculty_member__isnull=False,
                        organization__isnull=True,
                    )
                    | Q(
                        kind="milestone_evidence",
                        program__isnull=True,
                        faculty_member__isnull=True,
                        organization__isnull=True,
                        academic_year__gt="",
                    )
                    | Q(
                        kind="benchmarking",
                        program__isnull=True,
                        faculty_member__isnull=True,
                        organization__isnull=True,
                    )
                    # A partner's value: of one program, or of one academic year, never both.
                    | (
                        Q(kind="partner_value", organization__isnull=False)
                        & Q(faculty_member__isnull=True)
                        & (
                            Q(program__isnull=False, academic_year="")
                            | (Q(program__isnull=True) & ~Q(academic_year=""))
                        )
                    )
                ),
                name="report_run_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.subject} ({self.get_status_display()})"

    @property
    def subject(self) -> str:
        if self.kind == self.Kind.MILESTONE_EVIDENCE:
            return f"{self.residency_program or 'all residency programs'}, {self.academic_year}"
        if self.kind == self.Kind.PARTNER_VALUE:
            return f"{self.organization}, {self.period}"
        return str(self.program or self.faculty_member or self.requested_by)

    @property
    def file_suffix(self) -> str:
        return "zip" if self.kind == self.Kind.MILESTONE_EVIDENCE else "pdf"

    @property
    def period(self) -> str:
        """What a partner value report covers: a program or an academic year."""
        return str(self.program) if self.program_id else f"academic year {self.academic_year}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class PartnershipReview(models.Model):
    """A quarterly review meeting of one partnership: scheduled, then recorded with its notes,
    decisions and the scorecard as the data stood that day (frozen: later data does not change
    it). Recording it schedules the next review."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("meeting date")
    scorecard = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    decisions = models.TextField(blank=True, max_length=5000)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "held_on"], name="one_review_per_partnership_day"
            )
        ]

    def __str__(self):
        return f"Review of the partnership with {self.organization} on {self.held_on:%Y-%m-%d}"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None
