from django.contrib.admin.apps import AdminConfig


class SignInAdminConfig(AdminConfig):
    """Django's admin with the site of accounts/admin_site.py, which signs in through allauth."""

    default_site = "accounts.admin_site.SignInAdminSite"
