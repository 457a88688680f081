"""The admin for records the app writes and nobody edits by hand (answers, evaluations, audit
events): listed and readable, never added, changed or deleted, not even by superusers."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
