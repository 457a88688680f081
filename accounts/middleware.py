"""Two checks on every signed-in request, after allauth and django-htmx have run."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import urlencode

from accounts.http import redirect_page
from accounts.policy import needs_mfa_setup
from accounts.sso import identity_provider_origins

SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN_AT = "accounts.last_seen_at"
# The last-seen stamp moves at most once a minute, so that most requests write no session.
LAST_SEEN_RESOLUTION = 60


def start_session_clock(sender, request, user, **kwargs):
    """Receiver of user_logged_in: the idle and absolute timeouts count from now."""
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = int(timezone.now().timestamp())


def expiry_message(*, signed_in_at: int, last_seen_at: int, now: int) -> str:
    """Why a session with these stamps (POSIX seconds) is over at `now`, or "" if it is not."""
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    if now - signed_in_at >= absolute:
        return (
            f"You were signed out because a session lasts at most {round(absolute / 3600)} "
            "hours. Please sign in again."
        )
    if now - last_seen_at >= idle:
        return (
            f"You were signed out after {round(idle / 60)} minutes without activity. "
            "Please sign in again."
        )
    return ""


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_TIMEOUT
    and sends the browser to the sign-in page, with a message, to come back where it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            if SIGNED_IN_AT not in session:  # signed in before these timeouts were deployed
                session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            expired = expiry_message(
                signed_in_at=session[SIGNED_IN_AT], last_seen_at=session[LAST_SEEN_AT], now=now
            )
            if expired:
                return self.sign_out(request, expired)
            if now - session[LAST_SEEN_AT] >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def sign_out(request, message: str):
        comes_back_to = (
            request.htmx.current_url_abs_path if request.htmx else request.get_full_path()
        )
        logout(request)
        messages.info(request, message)
        login_url = resolve_url(settings.LOGIN_URL)
        return redirect_page(request, f"{login_url}?{urlencode({'next': comes_back_to or '/'})}")


# What a user who must set up MFA can still reach: the setup itself, re-authentication before it,
# signing out and the health check. Static files are served before any middleware of ours runs.
MFA_SETUP_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "healthz",
    }
)


class MFARequiredMiddleware:
    """Staff and directors without an authenticator app, when the installation requires one,
    are sent to set it up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in MFA_SETUP_VIEWS or not needs_mfa_setup(request.user):
            return None
        messages.warning(
            request,
            "Your role requires two-factor authentication. Set up an authenticator app to "
            "continue.",
        )
        return redirect_page(request, resolve_url("mfa_activate_totp"))


# Pages with a form that starts a sign-in at an identity provider (the sign-in page, allauth's
# "continue to" and connections pages).
SSO_FORM_VIEWS = frozenset(
    {"account_login", "socialaccount_connections", "openid_connect_login", "saml_login"}
)


class SingleSignOnFormActionMiddleware:
    """Browsers follow a form's redirect only to origins the page's CSP `form-action` names, so
    the pages that start single sign-on name the identity providers' origins too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.view_name in SSO_FORM_VIEWS:
            origins = identity_provider_origins(request)
            if origins:
                response._csp_update = {"form-action": origins}
        return response
