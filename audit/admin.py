"""Audit events in the admin: to read, never to add, change or delete (not even superusers)."""

from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "target_label", "program"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "action"]
    list_select_related = ["program"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
