import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def empty_rate_limits():
    """Rate limits and used TOTP codes live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True
    return settings


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def reauthenticate(client, password=PASSWORD, url="/accounts/reauthenticate/"):
    """allauth asks for the password again before email or MFA changes, even just after sign-in."""
    return client.post(url, {"password": password})


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own HOTP helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(user) -> str:
    """Give `user` an authenticator app and recovery codes; returns the TOTP secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes_of(user) -> list[str]:
    return RecoveryCodes(user.authenticator_set.get(type="recovery_codes")).get_unused_codes()
