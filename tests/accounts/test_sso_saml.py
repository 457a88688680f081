"""SAML 2.0 single sign-on, configured from the environment (config/sso.py): the service
provider's metadata, the redirect to the identity provider, and a forged answer refused. No SAML
identity provider runs in the tests (python3-saml is a service provider only); the accounts rules
after the answer are the same as OpenID Connect's (tests/accounts/test_sso.py)."""

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client

from config.sso import sso_providers

pytestmark = pytest.mark.django_db


def self_signed_certificate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.edu")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


HOST = "mini-rotation.example.org"  # python3-saml refuses single-label hosts such as "testserver"


@pytest.fixture
def client():
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def saml_institution(settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.SOCIALACCOUNT_PROVIDERS = sso_providers(
        {
            "SSO_SAML_IDP_ENTITY_ID": "https://idp.example.edu/saml",
            "SSO_SAML_SSO_URL": "https://idp.example.edu/saml/sso",
            "SSO_SAML_X509CERT": self_signed_certificate(),
            "SSO_SAML_DOMAINS": "example.edu",
            "SSO_SAML_NAME": "Example University",
        }
    )


def test_the_service_provider_metadata_names_our_addresses(client, saml_institution):
    response = client.get("/accounts/saml/institution/metadata/")

    metadata = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "text/xml")
    assert f'entityID="http://{HOST}/accounts/saml/institution/metadata/"' in metadata
    assert f'Location="http://{HOST}/accounts/saml/institution/acs/"' in metadata


def test_signing_in_sends_the_browser_to_the_identity_provider_with_a_request(
    client, saml_institution
):
    page = client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/saml/institution/login/?process=login")

    location = urlsplit(response["Location"])
    assert 'action="/accounts/saml/institution/login/?process=login"' in page
    assert (response.status_code, location.netloc, location.path) == (
        302,
        "idp.example.edu",
        "/saml/sso",
    )
    assert sorted(parse_qs(location.query)) == ["SAMLRequest"]


def test_an_unsigned_answer_is_refused_and_nobody_signs_in(client, saml_institution):
    forged = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" '
        'Version="2.0" IssueInstant="2026-01-01T00:00:00Z"/>'
    )

    response = client.post(
        "/accounts/saml/institution/acs/",
        {"SAMLResponse": base64.b64encode(forged.encode()).decode()},
        follow=True,
    )

    assert (response.status_code, response.templates[0].name) == (
        401,
        "socialaccount/authentication_error.html",
    )
    assert response.wsgi_request.user.is_authenticated is False
