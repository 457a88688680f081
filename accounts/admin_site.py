"""Django's admin signs in through allauth, so that its rate limits, lock-out and MFA apply there
too; the admin's own password form is never shown."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


class SignInAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return super().login(request, extra_context)  # goes on to the admin's index
            # Signed in without staff rights: allauth would send them straight back here.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), login_url="account_login"
        )
