from django.contrib import admin

from teaching.models import (
    FacultyAvailability,
    FacultySurvey,
    PrintingRecord,
    SessionMaterial,
    TeachingWithdrawal,
    VolunteerOffer,
)


@admin.register(FacultyAvailability)
class FacultyAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["faculty_member", "program", "day", "choice"]
    list_filter = ["choice", "program"]
    list_select_related = ["faculty_member", "program"]
    raw_id_fields = ["faculty_member"]


@admin.register(VolunteerOffer)
class VolunteerOfferAdmin(admin.ModelAdmin):
    list_display = ["faculty_member", "program", "session", "topic", "status", "created_at"]
    list_filter = ["status", "program"]
    list_select_related = ["faculty_member", "program", "session", "topic"]
    raw_id_fields = ["faculty_member", "session", "topic", "decided_by"]


@admin.register(TeachingWithdrawal)
class TeachingWithdrawalAdmin(admin.ModelAdmin):
    list_display = ["faculty_member", "session", "withdrawn_at"]
    list_select_related = ["faculty_member", "session"]
    raw_id_fields = ["faculty_member", "session"]


@admin.register(SessionMaterial)
class SessionMaterialAdmin(admin.ModelAdmin):
    list_display = ["original_name", "session", "size", "uploaded_at"]
    list_select_related = ["session"]
    raw_id_fields = ["session", "uploaded_by"]


@admin.register(PrintingRecord)
class PrintingRecordAdmin(admin.ModelAdmin):
    list_display = ["organization", "program", "pages", "description", "recorded_at"]
    list_filter = ["organization"]
    list_select_related = ["organization", "program"]


@admin.register(FacultySurvey)
class FacultySurveyAdmin(admin.ModelAdmin):
    list_display = ["faculty_member", "program", "invited_at", "reminded_at", "submitted_at"]
    list_filter = ["program", "would_teach_again"]
    list_select_related = ["faculty_member", "program"]
    search_fields = ["faculty_member__last_name", "program__name"]
    raw_id_fields = ["faculty_member", "program"]
