"""Staff-configured endpoints that receive signed event payloads, and the log of what was sent."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


class Endpoint(models.Model):
    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “GME data warehouse”.")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="The event names it receives.")
    secret = models.CharField(max_length=100, default=new_secret)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def receives(self, event: str) -> bool:
        return event in self.events


class Delivery(models.Model):
    """One event for one endpoint, tried until it is answered with a 2xx or retries run out."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The same at every attempt: receivers use it to drop a delivery they already processed.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=50)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log")]

    def __str__(self):
        return f"{self.event} to {self.endpoint} ({self.get_status_display()})"


class Attempt(models.Model):
    """One HTTP request of a delivery and what came back."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.delivery}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
