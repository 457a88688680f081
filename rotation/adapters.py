from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open self-sign-up: accounts come from invitations or the admin."""

    def is_open_for_signup(self, request):
        return False

    def set_password(self, user, password) -> None:
        """An invited learner has no password until they follow the emailed invitation (a
        password-reset key): choosing one there proves the address, so it counts as verified."""
        was_invited = not user.has_usable_password()
        super().set_password(user, password)
        if was_invited:
            EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
