from django.contrib import admin
from django.db import models

from config.read_only_admin import ReadOnlyAdmin
from partners.models import (
    Agreement,
    AgreementReminder,
    Contact,
    ExpertiseArea,
    FacultyInvitation,
    FacultyMember,
    LiaisonInvitation,
    MeetingRoom,
    Organization,
    RoomBlackout,
    Site,
    ValuationRates,
)


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "address"]
    show_change_link = True


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "liaisons__email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["liaisons"]
    inlines = [SiteInline, ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class MeetingRoomInline(admin.TabularInline):
    model = MeetingRoom
    extra = 0
    fields = ["name", "capacity", "has_video_conferencing", "has_printing", "is_active"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "address"]
    list_filter = ["organization__kind", "organization"]
    list_select_related = ["organization"]
    search_fields = ["name", "address", "organization__name"]
    inlines = [MeetingRoomInline]


class RoomBlackoutInline(admin.TabularInline):
    model = RoomBlackout
    extra = 0


@admin.register(MeetingRoom)
class MeetingRoomAdmin(admin.ModelAdmin):
    inlines = [RoomBlackoutInline]
    list_display = [
        "name",
        "site",
        "capacity",
        "has_video_conferencing",
        "has_printing",
        "is_active",
    ]
    list_filter = ["is_active", "has_video_conferencing", "has_printing", "site__organization"]
    list_select_related = ["site__organization"]
    search_fields = ["name", "site__name", "site__organization__name", "av_equipment"]


@admin.register(FacultyMember)
class FacultyMemberAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "organization",
        "title",
        "clinical_background",
        "recruitment_status",
    ]
    list_filter = [
        "recruitment_status",
        "clinical_background",
        "is_patient_family_partner",
        "organization",
    ]
    list_select_related = ["organization"]
    search_fields = ["first_name", "last_name", "email", "title", "organization__name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["expertise"]


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "keywords"]
    search_fields = ["name", "keywords"]


@admin.register(FacultyInvitation)
class FacultyInvitationAdmin(admin.ModelAdmin):
    list_display = ["faculty_member", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_select_related = ["faculty_member", "invited_by"]
    raw_id_fields = ["faculty_member", "invited_by"]


@admin.register(LiaisonInvitation)
class LiaisonInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["organization", "invited_by"]
    search_fields = ["email", "name", "organization__name"]
    raw_id_fields = ["organization", "invited_by"]


@admin.register(RoomBlackout)
class RoomBlackoutAdmin(admin.ModelAdmin):
    list_display = ["room", "date", "reason"]
    list_select_related = ["room__site"]
    date_hierarchy = "date"


@admin.register(ValuationRates)
class ValuationRatesAdmin(ReadOnlyAdmin):
    """Set on the organization's rates page (audited); read here."""

    list_display = ["organization", "academic_year", "updated_at"]
    list_filter = ["academic_year"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]


class AgreementReminderInline(admin.TabularInline):
    model = AgreementReminder
    extra = 0
    readonly_fields = ["days_before", "sent_at"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["organization", "sponsor", "starts_on", "ends_on", "signed_on"]
    list_filter = ["sponsor", "organization"]
    list_select_related = ["organization", "sponsor"]
    search_fields = ["title", "organization__name", "partner_notes", "sponsor_notes"]
    raw_id_fields = ["renews", "created_by"]
    readonly_fields = ["document", "document_name", "document_size"]
    inlines = [AgreementReminderInline]
