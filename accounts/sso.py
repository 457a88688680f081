"""Single sign-on rules: which addresses an identity provider vouches for, why a sign-in matched
no account, and where its sign-in forms may send the browser."""

from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def serves_domain(provider, email: str) -> bool:
    """The provider vouches for addresses in its `domains` (all of them when none are set)."""
    domains = provider.app.settings.get("domains") or []
    return not domains or email_domain(email) in {d.lower() for d in domains}


def refusal(sociallogin) -> str:
    """Why this sign-in through an identity provider matches no account, in the user's words."""
    provider = sociallogin.provider.name
    addresses = sociallogin.email_addresses
    verified = [a.email for a in addresses if a.verified]
    if not addresses:
        return f"{provider} did not tell us your email address, so we cannot find your account."
    if not verified:
        return (
            f"{provider} has not confirmed that {addresses[0].email} is your address, so it "
            "cannot sign you in to the account that uses it."
        )
    served = [email for email in verified if serves_domain(sociallogin.provider, email)]
    if not served:
        return f"{provider} does not sign in addresses at {email_domain(verified[0])} here."
    return (
        f"There is no Mini-Rotation account for {served[0]}. Accounts are created by invitation: "
        "ask your course director (residents) or your organization's liaison (faculty) to "
        "invite this address."
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def identity_provider_origins(request) -> list[str]:
    """The origins the configured providers' sign-in redirects go to: an OpenID Connect issuer,
    a SAML IdP's single sign-on (or, lacking it, metadata) address."""
    origins = set()
    for provider in get_adapter().list_providers(request):
        settings = provider.app.settings
        idp = settings.get("idp", {})
        url = settings.get("server_url") or idp.get("sso_url") or idp.get("metadata_url")
        if url:
            origins.add(_origin(url))
    return sorted(origins)
