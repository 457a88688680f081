"""Single sign-on through the institution's identity provider, configured from the environment.

`sso_providers(environ)` turns the SSO_OIDC_* and SSO_SAML_* variables into allauth's
SOCIALACCOUNT_PROVIDERS (one OpenID Connect and one SAML 2.0 provider at most; more can be added
in the admin as "Social applications"). Each app's settings carry `domains`, the email domains the
provider serves: accounts are matched only by a verified address in one of them (see
accounts.adapters.InstitutionSignInAdapter). Imports no app, so that settings can use it.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}


def _domains(environ: Mapping[str, str], name: str) -> list[str]:
    domains = [d.strip().lower().lstrip("@") for d in environ.get(name, "").split(",")]
    domains = [d for d in domains if d]
    if not domains:
        raise ImproperlyConfigured(
            f"{name} is required with single sign-on: the email domains this identity provider "
            "serves, comma-separated (e.g. example.edu,med.example.edu)."
        )
    return domains


def _require(environ: Mapping[str, str], *names: str) -> None:
    missing = [name for name in names if not environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"Single sign-on is half configured: set {', '.join(missing)}.")


def oidc_app(environ: Mapping[str, str]) -> dict | None:
    """The OpenID Connect app from SSO_OIDC_*, or None when SSO_OIDC_SERVER_URL is unset."""
    if not environ.get("SSO_OIDC_SERVER_URL"):
        return None
    _require(environ, "SSO_OIDC_CLIENT_ID", "SSO_OIDC_CLIENT_SECRET")
    domains = _domains(environ, "SSO_OIDC_DOMAINS")
    settings = {
        "server_url": environ["SSO_OIDC_SERVER_URL"],
        "domains": domains,
        "oauth_pkce_enabled": True,
    }
    # Some providers (e.g. Microsoft Entra ID) send no email_verified claim for the addresses
    # they manage: the installation may vouch for its own domains instead.
    if environ.get("SSO_OIDC_TRUST_DOMAIN_EMAILS", "").lower() in TRUE:
        settings["verified_email"] = domains
    return {
        "provider_id": environ.get("SSO_OIDC_ID", "institution"),
        "name": environ.get("SSO_OIDC_NAME", "your institution"),
        "client_id": environ["SSO_OIDC_CLIENT_ID"],
        "secret": environ["SSO_OIDC_CLIENT_SECRET"],
        "settings": settings,
    }


def saml_app(environ: Mapping[str, str]) -> dict | None:
    """The SAML 2.0 app from SSO_SAML_*, or None when SSO_SAML_IDP_ENTITY_ID is unset."""
    if not environ.get("SSO_SAML_IDP_ENTITY_ID"):
        return None
    idp = {"entity_id": environ["SSO_SAML_IDP_ENTITY_ID"]}
    if environ.get("SSO_SAML_METADATA_URL"):
        idp["metadata_url"] = environ["SSO_SAML_METADATA_URL"]
    else:
        _require(environ, "SSO_SAML_SSO_URL", "SSO_SAML_X509CERT")
        idp |= {"sso_url": environ["SSO_SAML_SSO_URL"], "x509cert": environ["SSO_SAML_X509CERT"]}
    domains = _domains(environ, "SSO_SAML_DOMAINS")
    return {
        # The organization slug: the app's client_id and part of its URLs (/accounts/saml/<slug>/).
        "client_id": environ.get("SSO_SAML_ID", "institution"),
        "provider_id": environ.get("SSO_SAML_ID", "institution"),
        "name": environ.get("SSO_SAML_NAME", "your institution"),
        "settings": {
            "idp": idp,
            "domains": domains,
            # SAML has no standard "verified" attribute: the IdP vouches for its own domains.
            "verified_email": domains,
            "advanced": {
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                "strict": True,
            },
        },
    }


def sso_providers(environ: Mapping[str, str]) -> dict:
    """allauth's SOCIALACCOUNT_PROVIDERS for the configured providers (empty: none)."""
    providers = {}
    if app := oidc_app(environ):
        providers["openid_connect"] = {"APPS": [app]}
    if app := saml_app(environ):
        providers["saml"] = {"APPS": [app]}
    return providers
