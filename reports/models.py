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
        help_text="Course evaluation only: of which program.",
    )
    faculty_member = models.ForeignKey(
        FacultyMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
        help_text="Faculty feedback only: whose sessions (of every program they taught in).",
    )
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
            # member's sessions only: each run names exactly the one it is about.
            models.CheckConstraint(
                condition=(
                    Q(kind="course_evaluation", program__isnull=False, faculty_member__isnull=True)
                    | Q(kind="faculty_feedback", program__isnull=True, faculty_member__isnull=False)
                ),
                name="report_run_subject",
            ),
        ]

    def __str__(self):
        subject = self.program or self.faculty_member
        return f"{self.get_kind_display()} of {subject} ({self.get_status_display()})"

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
