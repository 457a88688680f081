from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html

from config.read_only_admin import ReadOnlyAdmin
from rotation.models import (
    Attendance,
    CalendarFeed,
    Enrollment,
    ExcusalLetter,
    Learner,
    PoolMember,
    Program,
    ProgramContribution,
    ProgramCost,
    ProgramPartner,
    RosterImport,
    SeminarSession,
    SessionFaculty,
    Topic,
    User,
)
from rotation.services.programs import archive_program, unarchive_program
from rotation.services.scheduling import check_conflicts, sync_faculty_copies


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
    list_display = ["name", "academic_year", "format", "start_date", "end_date", "archived_at"]
    list_filter = ["format", "academic_year", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["directors"]
    date_hierarchy = "start_date"
    inlines = [ProgramPartnerInline]
    readonly_fields = ["archived_at"]
    actions = ["archive", "unarchive"]

    @admin.action(description="Archive the selected programs (read-only)")
    def archive(self, request, queryset):
        for program in queryset:
            archive_program(program=program)
        self.message_user(request, f"Archived {queryset.count()} program(s).")

    @admin.action(description="Unarchive the selected programs")
    def unarchive(self, request, queryset):
        for program in queryset:
            unarchive_program(program=program)
        self.message_user(request, f"Unarchived {queryset.count()} program(s).")


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
    list_display = [
        "full_name",
        "email",
        "kind",
        "residency_program",
        "pgy_level",
        "clerkship_year",
        "program_director_name",
        "personal_data",
    ]
    list_filter = [
        "kind",
        "pgy_level",
        "residency_program",
        ("deidentified_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["first_name", "last_name", "email", "residency_program"]
    raw_id_fields = ["user"]
    readonly_fields = ["deidentified_at"]

    @admin.display(description="Personal data")
    def personal_data(self, learner):
        export = reverse("privacy:learner_export", args=[learner.pk])
        delete = reverse("privacy:learner_delete", args=[learner.pk])
        return format_html('<a href="{}">Export</a> · <a href="{}">Delete…</a>', export, delete)


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


@admin.register(PoolMember)
class PoolMemberAdmin(admin.ModelAdmin):
    """Colleagues a liaison invited into a program's faculty pool from another organization."""

    list_display = ["faculty_member", "program", "invited_by", "created_at"]
    list_select_related = ["faculty_member", "program", "invited_by"]
    search_fields = ["faculty_member__last_name", "program__name"]
    raw_id_fields = ["program", "faculty_member", "invited_by"]


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


@admin.register(ExcusalLetter)
class ExcusalLetterAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "status", "sent_at", "sent_to"]
    list_filter = ["status", "enrollment__program"]
    list_select_related = ["enrollment__learner", "enrollment__program"]
    search_fields = ["enrollment__learner__last_name", "enrollment__learner__email"]
    raw_id_fields = ["enrollment"]
    readonly_fields = ["sent_at", "sent_to", "failure_reason", "updated_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    list_select_related = ["user", "program"]
    raw_id_fields = ["user", "program"]
    readonly_fields = ["token", "created_at"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    """Roster import jobs, to read: written by the roster page and the import job only."""

    list_display = ["filename", "program", "row_count", "status", "progress", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["program"]
    search_fields = ["filename", "program__name", "requested_by__email"]
    exclude = ["rows"]  # the validated roster, kept only until the job has run


@admin.register(ProgramCost)
class ProgramCostAdmin(ReadOnlyAdmin):
    """A program's costs, to read: recorded (audited) on the program's budget page."""

    list_display = ["program", "category", "amount", "description", "recorded_at"]
    list_filter = ["category"]
    list_select_related = ["program"]
    search_fields = ["program__name", "description"]


@admin.register(ProgramContribution)
class ProgramContributionAdmin(ReadOnlyAdmin):
    """Partners' cash and catering, to read: recorded (audited) on the program's budget page."""

    list_display = ["program", "organization", "kind", "amount", "persons", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["program", "organization"]
    search_fields = ["program__name", "organization__name", "description"]
