from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts.policy import is_mfa_required
from accounts.sso import refusal, serves_domain


class RequiredMFAAdapter(DefaultMFAAdapter):
    """Those who must use an authenticator app cannot deactivate it (they may replace their
    recovery codes)."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not (
            authenticator.type == Authenticator.Type.TOTP and is_mfa_required(authenticator.user)
        )


class InstitutionSignInAdapter(DefaultSocialAccountAdapter):
    """Single sign-on finds accounts, it never makes them: a verified address, in a domain the
    provider serves, signs in the account that has it (and links the two for next time);
    anything else is refused with a page saying why. Invitations decide who belongs."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def can_authenticate_by_email(self, login, email: str) -> bool:
        return serves_domain(login.provider, email)

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        response = render(
            request,
            "accounts/sso_refused.html",
            {"reason": refusal(sociallogin), "provider": sociallogin.provider.name},
            status=403,
        )
        raise ImmediateHttpResponse(response)
