"""One row per audited change or read of learners' answers. Rows are only ever inserted: the
admin is read-only, no view writes them, and on PostgreSQL a trigger refuses UPDATE and DELETE
(except Django nulling `actor` when that account is deleted; `actor_label` keeps the email)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for the system (scheduled tasks, commands).",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=40)
    target_label = models.CharField(max_length=300)
    # Scopes the event to a program's directors; empty for partners' rooms (staff only).
    program = models.ForeignKey(
        "rotation.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]}")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["program", "-occurred_at"], name="audit_program_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"
