from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from rotation.models import (
    Attendance,
    Enrollment,
    Learner,
    Program,
    ProgramPartner,
    SeminarSession,
    SessionFaculty,
    Topic,
    User,
)
from rotation.services import check_conflicts, sync_faculty_copies


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


class ProgramPartnerInline(admin.TabularInline):
    model = ProgramPartner
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "academic_year", "format", "start_date", "end_date"]
    list_filter = ["format", "academic_year"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["directors"]
    date_hierarchy = "start_date"
    inlines = [ProgramPartnerInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "proposed_by"]
    list_filter = ["program"]
    list_select_related = ["program", "proposed_by"]
    search_fields = ["title", "description", "learning_objectives"]


class SessionFacultyInline(admin.TabularInline):
    """Read-only here: faculty are placed through the scheduling service (schedule editor)."""

    model = SessionFaculty
    extra = 0
    fields = ["faculty_member", "role", "confirmation"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SeminarSessionAdminForm(forms.ModelForm):
    class Meta:
        model = SeminarSession
        fields = [
            "program",
            "topic",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "room",
            "status",
        ]

    def clean(self):
        cleaned = super().clean()
        session = self.instance
        if self.errors or cleaned.get("status") == SeminarSession.Status.CANCELLED:
            return cleaned
        check_conflicts(
            program=cleaned["program"],
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
            room=cleaned.get("room"),
            faculty_members=[a.faculty_member for a in session.faculty_assignments.all()]
            if session.pk
            else [],
            exclude_pk=session.pk,
        )
        return cleaned


@admin.register(SeminarSession)
class SeminarSessionAdmin(admin.ModelAdmin):
    form = SeminarSessionAdminForm
    list_display = ["title", "program", "starts_at", "ends_at", "room", "status"]
    list_filter = ["status", "program"]
    list_select_related = ["program", "room__site"]
    search_fields = ["title", "description", "program__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["room", "topic"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SessionFacultyInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_faculty_copies(session=obj)


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "residency_program", "pgy_level", "program_director_name"]
    list_filter = ["pgy_level", "residency_program"]
    search_fields = ["first_name", "last_name", "email", "residency_program"]
    raw_id_fields = ["user"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "program", "status", "enrolled_at"]
    list_filter = ["status", "program"]
    list_select_related = ["learner", "program"]
    search_fields = ["learner__first_name", "learner__last_name", "learner__email"]
    autocomplete_fields = ["learner", "program"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["learner", "session", "status", "recorded_at", "recorded_by"]
    list_filter = ["status", "session__program"]
    list_select_related = ["learner", "session", "recorded_by"]
    search_fields = ["learner__first_name", "learner__last_name", "session__title"]
    autocomplete_fields = ["learner", "session"]
    readonly_fields = ["recorded_at", "recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProgramPartner)
class ProgramPartnerAdmin(admin.ModelAdmin):
    list_display = ["program", "organization", "role"]
    list_filter = ["role", "program"]
    list_select_related = ["program", "organization"]
    search_fields = ["program__name", "organization__name"]
    autocomplete_fields = ["program", "organization"]


@admin.register(SessionFaculty)
class SessionFacultyAdmin(admin.ModelAdmin):
    """Confirmation may change here; who teaches when is the scheduling service's business."""

    list_display = ["faculty_member", "session", "role", "confirmation", "starts_at"]
    list_filter = ["confirmation", "role", "session__program"]
    list_select_related = ["faculty_member", "session"]
    search_fields = ["faculty_member__first_name", "faculty_member__last_name", "session__title"]
    fields = ["session", "faculty_member", "role", "confirmation", "starts_at", "ends_at"]
    readonly_fields = ["session", "faculty_member", "role", "starts_at", "ends_at"]

    def has_add_permission(self, request):
        return False
