"""A learner's request to have their account deleted; site staff carry it out (services.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from rotation.models import Learner


class DeletionRequest(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="deletion_requests")
    requested_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(completed_at__isnull=True),
                name="one_open_deletion_request_per_learner",
            )
        ]

    def __str__(self):
        return f"Deletion request of learner {self.learner_id}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None
