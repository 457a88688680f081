"""Report runs, read-only: the services own every write."""

from django.contrib import admin

from reports.models import PartnershipReview, ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "program",
        "faculty_member",
        "organization",
        "status",
        "progress",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["program__name", "requested_by__email", "error"]
    list_select_related = ["program", "faculty_member", "organization", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PartnershipReview)
class PartnershipReviewAdmin(admin.ModelAdmin):
    list_display = ["organization", "held_on", "recorded_at", "recorded_by", "reminded_at"]
    list_filter = ["organization"]
    list_select_related = ["organization", "recorded_by"]
    search_fields = ["organization__name", "notes", "decisions"]
    readonly_fields = ["scorecard", "recorded_at", "recorded_by", "reminded_at"]
