"""Audit events in the admin: to read, never to add, change or delete (not even superusers)."""

from django.contrib import admin

from audit.models import AuditEvent
from config.read_only_admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_label", "action", "target_label", "program"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "action"]
    list_select_related = ["program"]
    date_hierarchy = "occurred_at"
