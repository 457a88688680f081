"""Staff can look at everything; responses and answers are read-only here (the services own
every write, and submitted responses never change)."""

from django.contrib import admin

from assessments.models import (
    Administration,
    Answer,
    Choice,
    ComparisonLink,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    EvaluationSettings,
    FacultyRating,
    Instrument,
    Item,
    Notification,
    Response,
    SessionEvaluation,
)
from config.read_only_admin import ReadOnlyAdmin


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "key", "version", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title", "key", "program__name"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["text", "instrument", "kind", "position", "topic", "subscale"]
    list_filter = ["kind"]
    inlines = [ChoiceInline]
    list_select_related = ["instrument__program"]


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ["instrument", "kind", "opens_at", "closes_at"]
    list_select_related = ["instrument__program"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["learner", "administration", "status", "submitted_at", "knowledge_correct"]
    list_filter = ["status", "administration__kind", "administration__instrument__program"]
    list_select_related = ["learner", "administration__instrument__program"]
    search_fields = ["learner__first_name", "learner__last_name", "learner__email"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["response", "item", "is_retrospective", "value", "score", "is_correct"]
    list_select_related = ["response", "item"]


class FacultyRatingInline(admin.TabularInline):
    model = FacultyRating
    extra = 0
    fields = ["faculty_member", "effectiveness"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SessionEvaluation)
class SessionEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["session", "learner", "overall", "relevance", "changed_view", "submitted_at"]
    list_filter = ["session__program"]
    list_select_related = ["session", "learner"]
    search_fields = ["session__title", "learner__last_name", "learner__email"]
    inlines = [FacultyRatingInline]


@admin.register(CourseEvaluation)
class CourseEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["program", "learner", "overall", "submitted_at"]
    list_select_related = ["program", "learner"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["administration", "learner", "key", "sent_at"]
    list_select_related = ["administration__instrument", "learner"]


@admin.register(ComparisonMember)
class ComparisonMemberAdmin(ReadOnlyAdmin):
    """Added through the program's comparison page, which audits it."""

    list_display = ["program", "learner", "added_at"]
    list_select_related = ["program", "learner"]


@admin.register(ComparisonLink)
class ComparisonLinkAdmin(ReadOnlyAdmin):
    """Sent from the program's comparison page, which audits it."""

    list_display = ["program", "residency_program", "program_director_email", "expires_at"]
    list_select_related = ["program"]


@admin.register(DemographicAnswers)
class DemographicAnswersAdmin(ReadOnlyAdmin):
    """A learner's optional answers, given on their own page; never edited by hand."""

    list_display = ["program", "learner", "updated_at"]
    list_select_related = ["program", "learner"]


admin.site.register(EvaluationSettings)
