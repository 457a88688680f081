"""The pages' permission rules, for the API: a view names its `rules` permission; a read-only
token may only read."""

import rules
from rest_framework import permissions

from api.models import ApiToken


class HasRulePermission(permissions.BasePermission):
    """`view.permission_required` as a role gate (objects are then found by the pages'
    access-checked selectors, which answer 404 for anyone else's). The rule itself decides, as
    for the pages: Django would let a superuser pass every `has_perm`, even "attends programs"
    without a learner record."""

    message = "You do not have permission to use this endpoint."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated) and rules.has_perm(
            view.permission_required, user
        )


class TokenScopeAllowsMethod(permissions.BasePermission):
    message = "This token is read-only: make a read-write token to change data."

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken) and token.is_read_only:
            return request.method in permissions.SAFE_METHODS
        return True
