"""Nothing tells a stranger whether an address has an account; changing the email address asks
for the password again."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.conftest import reauthenticate, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "someone@example.org"
UNKNOWN = "nobody@example.org"


def page_without(response, typed: str) -> str:
    """The page with the address the visitor typed and the per-response CSRF tokens blanked."""
    page = response.content.decode().replace(typed, "ADDRESS")
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)


def test_sign_in_answers_the_same_for_an_unknown_address_and_a_wrong_password(client):
    UserFactory(email=KNOWN)

    known = sign_in(client, KNOWN, "wrong-password")
    unknown = sign_in(client, UNKNOWN, "wrong-password")

    assert (known.status_code, known.context["form"].errors) == (
        unknown.status_code,
        unknown.context["form"].errors,
    )
    assert page_without(known, KNOWN) == page_without(unknown, UNKNOWN)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email=KNOWN)

    known = client.post("/accounts/password/reset/", {"email": KNOWN})
    unknown = client.post("/accounts/password/reset/", {"email": UNKNOWN})

    assert (known.status_code, known.url) == (302, "/accounts/password/reset/done/")
    assert (unknown.status_code, unknown.url) == (302, "/accounts/password/reset/done/")
    # Each address's owner, and only they, learns whether it has an account.
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([KNOWN], "[Mini-Rotation] Password Reset Email"),
        ([UNKNOWN], "[Mini-Rotation] Unknown Account"),
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_adding_an_email_address_asks_for_the_password_first(client):
    user = UserFactory(email=KNOWN)
    client.force_login(user)

    asked = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})

    assert (asked.status_code, asked.url) == (
        302,
        "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F",
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [KNOWN]

    resumed = reauthenticate(client, url=asked.url)

    assert (resumed.status_code, resumed.url) == (302, "/accounts/email/")
    assert sorted(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "new@example.org",
        KNOWN,
    ]
