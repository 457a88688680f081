"""Who must protect their account with an authenticator app: one rule, used by the middleware
that enforces it, the MFA adapter that keeps it from being switched off, and sign-in shortcuts
(residents' personal links) that must not skip the second factor."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from accounts.roles import is_program_director


def is_mfa_required(user) -> bool:
    """Staff and course directors, when the installation requires it."""
    if not (settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS and user.is_authenticated):
        return False
    return user.is_staff or is_program_director(user)


def needs_mfa_setup(user) -> bool:
    return is_mfa_required(user) and not has_authenticator_app(user)


def has_authenticator_app(user) -> bool:
    """Read with the signed-in user (accounts.backends) where it was, else now."""
    has = getattr(user, "_has_authenticator_app", None)
    return is_mfa_enabled(user, [Authenticator.Type.TOTP]) if has is None else has


def is_protected_by_mfa(user) -> bool:
    """Signing in must ask for a second factor: the user has one, or must have one."""
    return is_mfa_required(user) or is_mfa_enabled(user)
