"""Single sign-on configured from environment variables (config/sso.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.sso import sso_providers
from tests.config.test_settings import run_settings

OIDC = {
    "SSO_OIDC_SERVER_URL": "https://login.example.edu/realms/staff",
    "SSO_OIDC_CLIENT_ID": "mini-rotation",
    "SSO_OIDC_CLIENT_SECRET": "s3cret",
    "SSO_OIDC_NAME": "Example University",
    "SSO_OIDC_DOMAINS": "example.edu, @Med.Example.edu",
}
SAML = {
    "SSO_SAML_IDP_ENTITY_ID": "https://idp.example.edu/saml",
    "SSO_SAML_METADATA_URL": "https://idp.example.edu/saml/metadata",
    "SSO_SAML_DOMAINS": "example.edu",
}


def test_no_variables_no_providers():
    assert sso_providers({}) == {}


def test_openid_connect_from_the_environment():
    assert sso_providers(OIDC) == {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "institution",
                    "name": "Example University",
                    "client_id": "mini-rotation",
                    "secret": "s3cret",
                    "settings": {
                        "server_url": "https://login.example.edu/realms/staff",
                        "domains": ["example.edu", "med.example.edu"],
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
        }
    }


def test_a_provider_without_email_verified_may_be_trusted_for_its_own_domains():
    app = sso_providers({**OIDC, "SSO_OIDC_TRUST_DOMAIN_EMAILS": "true"})["openid_connect"]

    assert app["APPS"][0]["settings"]["verified_email"] == ["example.edu", "med.example.edu"]


def test_saml_from_the_environment_trusts_the_addresses_of_its_domains():
    assert sso_providers(SAML) == {
        "saml": {
            "APPS": [
                {
                    "client_id": "institution",
                    "provider_id": "institution",
                    "name": "your institution",
                    "settings": {
                        "idp": {
                            "entity_id": "https://idp.example.edu/saml",
                            "metadata_url": "https://idp.example.edu/saml/metadata",
                        },
                        "domains": ["example.edu"],
                        "verified_email": ["example.edu"],
                        "advanced": {
                            "want_assertion_signed": True,
                            "reject_idp_initiated_sso": True,
                            "strict": True,
                        },
                    },
                }
            ]
        }
    }


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {**OIDC, "SSO_OIDC_CLIENT_SECRET": ""},
            "Single sign-on is half configured: set SSO_OIDC_CLIENT_SECRET.",
        ),
        (
            {**OIDC, "SSO_OIDC_DOMAINS": " , "},
            "SSO_OIDC_DOMAINS is required with single sign-on: the email domains this identity "
            "provider serves, comma-separated (e.g. example.edu,med.example.edu).",
        ),
        (
            {**SAML, "SSO_SAML_METADATA_URL": ""},
            "Single sign-on is half configured: set SSO_SAML_SSO_URL, SSO_SAML_X509CERT.",
        ),
    ],
    ids=["oidc-without-secret", "oidc-without-domains", "saml-without-metadata"],
)
def test_half_a_configuration_stops_the_start_up_naming_what_is_missing(environ, message):
    with pytest.raises(ImproperlyConfigured) as error:
        sso_providers(environ)

    assert str(error.value) == message


def test_settings_read_the_providers_at_start_up():
    result = run_settings(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(*settings.SOCIALACCOUNT_PROVIDERS)",
        **OIDC,
        **SAML,
    )

    assert result.stdout.split() == ["openid_connect", "saml"]
