"""Staff see every outbox job (pending, sent, done, failed) and can send failed ones again."""

from django.contrib import admin, messages

from config.read_only_admin import ReadOnlyAdmin
from outbox.models import Job
from outbox.services import retry_jobs


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "task_name",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "done_at",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "task_name"]
    search_fields = ["task_name", "key", "last_error"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_retry_permission(self, request):
        return request.user.is_active and request.user.is_staff

    @admin.action(description="Send the selected jobs again", permissions=["retry"])
    def retry(self, request, queryset):
        count = retry_jobs(job_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} job(s) sent again.", messages.SUCCESS)
