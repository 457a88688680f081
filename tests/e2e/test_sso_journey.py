"""Single sign-on through a real OpenID Connect provider: django-oauth-toolkit, started by the
fixture in a second process (tests/e2e/oidc_provider) with its own SQLite file and RSA key, the
app under test (the live server) configured for it through a social application, as an
installation's staff would in the admin. Chromium clicks through both sites."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from rotation.models import User
from tests.accounts.conftest import totp_code
from tests.e2e.oidc_provider import PASSWORD as PROVIDER_PASSWORD
from tests.e2e.oidc_provider import WRONG_AUDIENCE_APP
from tests.factories import EnrollmentFactory, LearnerFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SETTINGS = "tests.e2e.oidc_provider.settings"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the identity provider exited: {process.stderr.read()}")
        try:
            with urlopen(url, timeout=2):  # noqa: S310 -- our own loopback server
                return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(f"the identity provider did not answer {url} in {seconds} s")


@pytest.fixture(scope="module")
def identity_provider(live_server, tmp_path_factory):
    """Starts the provider; yields its issuer URL and the two applications' credentials."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": PROVIDER_SETTINGS,
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": pem,
    }
    callback = f"{live_server.url}/accounts/oidc/institution/login/callback/"
    bootstrap = subprocess.run(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "tests.e2e.oidc_provider.bootstrap", callback],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    try:
        _wait_until_serving(f"{issuer}/.well-known/openid-configuration", server)
        yield issuer, json.loads(bootstrap.stdout)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def _institution(identity_provider, application="mini-rotation") -> SocialApp:
    issuer, credentials = identity_provider
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="institution",
        name="Example University",
        client_id=credentials[application]["client_id"],
        secret=credentials[application]["secret"],
        settings={"server_url": issuer, "domains": ["example.edu"], "oauth_pkce_enabled": True},
    )


def _sign_in_at_the_university(page, username: str) -> None:
    cache.clear()  # allauth remembers an ID token's jti there; each test is a new sign-in
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Example University").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Example University sign-in"
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the university").click()


def test_a_known_resident_signs_in_through_the_university(page, identity_provider):
    _institution(identity_provider)
    learner = LearnerFactory(email="known@example.edu", user=UserFactory(email="known@example.edu"))
    EnrollmentFactory(learner=learner)

    _sign_in_at_the_university(page, "known")

    assert page.get_by_role("heading", level=1).inner_text() == "My rotation"
    assert page.locator(".account .who").inner_text() == "known@example.edu"
    account = SocialAccount.objects.get()
    assert (account.user, account.provider) == (learner.user, "institution")


def test_an_unknown_person_is_refused_and_no_account_is_made(page, identity_provider):
    _institution(identity_provider)
    users_before = User.objects.count()

    _sign_in_at_the_university(page, "stranger")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Example University could not sign you in here"
    )
    assert page.get_by_text("There is no Mini-Rotation account for stranger@example.edu").count()
    assert User.objects.count() == users_before
    assert SocialAccount.objects.count() == 0
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign In"


def test_an_id_token_made_out_to_another_client_is_refused(page, identity_provider):
    _institution(identity_provider, application=WRONG_AUDIENCE_APP)
    UserFactory(email="known@example.edu")

    _sign_in_at_the_university(page, "known")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Your institution's sign-in did not complete"
    )
    assert SocialAccount.objects.count() == 0
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign In"


def test_a_director_with_an_authenticator_app_still_gives_the_code(
    page, identity_provider, live_server
):
    _institution(identity_provider)
    director = UserFactory(email="director@example.edu")
    ProgramFactory(directors=[director])
    secret = generate_totp_secret()
    TOTP.activate(director, secret)

    _sign_in_at_the_university(page, "director")

    assert page.url == f"{live_server.url}/accounts/2fa/authenticate/"
    page.goto("/programs/")  # not signed in until the second factor is given
    assert page.url == f"{live_server.url}/accounts/2fa/authenticate/"
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_role("heading", level=1).inner_text() == "My programs"
