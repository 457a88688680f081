"""The account page's personal API tokens: make one (its key shown once), see and revoke them."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from accounts.policy import needs_mfa_setup
from api.forms import TokenForm
from api.selectors import get_token_of, tokens_of
from api.services import create_token, revoke_token


class TokenListView(PermissionRequiredMixin, View):
    permission_required = "api.manage_own_tokens"

    def page(self, request, form, new_key=""):
        response = render(
            request,
            "api/tokens.html",
            {
                "form": form,
                "tokens": tokens_of(user=request.user),
                "new_key": new_key,
                "needs_mfa": needs_mfa_setup(request.user),
                "now": timezone.now(),
            },
        )
        response["Cache-Control"] = "no-store"  # the new key must not stay in a cache
        return response

    def get(self, request):
        return self.page(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.page(request, form)
        try:
            new = create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["expires_in_days"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(request, form)
        return self.page(request, TokenForm(), new_key=new.key)


class TokenRevokeView(PermissionRequiredMixin, View):
    permission_required = "api.manage_own_tokens"

    def post(self, request, pk):
        token = revoke_token(token=get_token_of(user=request.user, pk=pk), actor=request.user)
        messages.success(request, f"The token “{token.name}” is revoked.")
        return redirect("api:tokens")
