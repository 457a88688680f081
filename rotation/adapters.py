from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open self-sign-up: accounts come from invitations or the admin."""

    def is_open_for_signup(self, request):
        return False
