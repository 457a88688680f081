"""Staff can look at everything; responses and answers are read-only here (the services own
every write, and submitted responses never change)."""

from django.contrib import admin

from assessments.models import (
    Administration,
    Answer,
    Choice,
    CourseEvaluation,
    EvaluationSettings,
    Instrument,
    Item,
    Notification,
    Response,
    SessionEvaluation,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["learner", "administration", "status", "submitted_at", "knowledge_correct"]
    list_filter = ["status", "administration__kind"]
    list_select_related = ["learner", "administration__instrument__program"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["response", "item", "is_retrospective", "value", "score", "is_correct"]
    list_select_related = ["response", "item"]


@admin.register(SessionEvaluation)
class SessionEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["session", "learner", "overall", "relevance", "changed_view", "submitted_at"]
    list_select_related = ["session", "learner"]


@admin.register(CourseEvaluation)
class CourseEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["program", "learner", "overall", "submitted_at"]
    list_select_related = ["program", "learner"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["administration", "learner", "key", "sent_at"]
    list_select_related = ["administration__instrument", "learner"]


admin.site.register(EvaluationSettings)
