from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from privacy.models import DeletionRequest


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are made by learners and completed by the deletion page."""

    list_display = ["learner", "requested_at", "completed_at", "completed_by", "deletion_page"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["learner", "completed_by"]

    @admin.display(description="Delete")
    def deletion_page(self, obj):
        url = reverse("privacy:learner_delete", args=[obj.learner_id])
        return format_html('<a href="{}">Delete the account…</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
