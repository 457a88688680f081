from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts.middleware import start_session_clock

        # Every sign-in (allauth, the admin's through it, personal links, tests' force_login)
        # goes through django.contrib.auth.login, which saves the session right after.
        user_logged_in.connect(start_session_clock, dispatch_uid="accounts.start_session_clock")


class SignInAdminConfig(AdminConfig):
    """Django's admin with the site of accounts/admin_site.py, which signs in through allauth."""

    default_site = "accounts.admin_site.SignInAdminSite"
