from django.contrib import admin, messages

from api.models import ApiToken
from api.services import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see every token (never its secret) and revoke any."""

    list_display = [
        "name",
        "user",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "user__email", "prefix"]
    fields = [
        "user",
        "name",
        "scope",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is made by its owner, who alone sees its key

    def has_change_permission(self, request, obj=None):
        return False  # revoking (the action) is the one change

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never erased: the audit trail names it

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token=token, actor=request.user)
        messages.success(request, f"{len(queryset)} token(s) revoked.")
