from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from accounts.policy import is_mfa_required


class RequiredMFAAdapter(DefaultMFAAdapter):
    """Those who must use an authenticator app cannot deactivate it (they may replace their
    recovery codes)."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not (
            authenticator.type == Authenticator.Type.TOTP and is_mfa_required(authenticator.user)
        )
