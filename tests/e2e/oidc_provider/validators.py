from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.e2e.oidc_provider import WRONG_AUDIENCE_APP


class EmailClaimsValidator(OAuth2Validator):
    """Tells the relying party who signed in: their (verified) email address and name."""

    oidc_claim_scope = None  # every claim below, whatever scopes were granted

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name,
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == WRONG_AUDIENCE_APP:
            claims["aud"] = "some-other-site"
        return claims, expiration_time
