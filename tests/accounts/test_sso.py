"""Single sign-on: what an identity provider's answer does here. The answer is handed to allauth's
own completion step (as its callback view does after talking to the provider); the journey
through a real provider is tests/e2e/test_sso_journey.py."""

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore

from rotation.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution():
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id="institution",
        name="Example University",
        client_id="mini-rotation",
        secret="not-used-here",
        settings={"server_url": "https://idp.example.edu/realms/staff", "domains": ["example.edu"]},
    )


def provider_answers(rf, app, **claims):
    """allauth's completion of a sign-in in which the provider said `claims` about the user."""
    request = rf.get("/accounts/oidc/institution/login/callback/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with context.request_context(request):
        provider = app.get_provider(request)
        login = provider.sociallogin_from_response(request, {"userinfo": {"sub": "u-1", **claims}})
        response = complete_social_login(request, login)
    return request, response


def test_a_verified_address_signs_in_its_account_and_links_it(rf, institution):
    user = UserFactory(email="known@example.edu")

    request, response = provider_answers(
        rf, institution, email="Known@Example.edu", email_verified=True
    )

    assert (response.status_code, response["Location"]) == (302, "/")
    assert request.user == user
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (user, "institution", "u-1")


def test_a_linked_account_signs_in_even_after_its_address_changed(rf, institution):
    user = UserFactory(email="renamed@example.edu")
    SocialAccount.objects.create(user=user, provider="institution", uid="u-1")

    request, response = provider_answers(
        rf, institution, email="old-name@example.edu", email_verified=True
    )

    assert (response.status_code, request.user) == (302, user)


def test_an_invited_address_not_yet_confirmed_here_signs_in_once_the_provider_verified_it(
    rf, institution
):
    invited = UserFactory(email="invited@example.edu", password=None, verified=False)
    EmailAddress.objects.create(user=invited, email=invited.email, verified=False, primary=True)

    request, response = provider_answers(
        rf, institution, email="invited@example.edu", email_verified=True
    )

    assert (response.status_code, request.user) == (302, invited)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (
            {"email": "stranger@example.edu", "email_verified": True},
            "There is no Mini-Rotation account for stranger@example.edu. Accounts are created by "
            "invitation: ask your course director (residents) or your organization's liaison "
            "(faculty) to invite this address.",
        ),
        (
            {"email": "known@example.edu", "email_verified": False},
            "Example University has not confirmed that known@example.edu is your address, so it "
            "cannot sign you in to the account that uses it.",
        ),
        (
            {"email": "known@elsewhere.org", "email_verified": True},
            "Example University does not sign in addresses at elsewhere.org here.",
        ),
        (
            {},
            "Example University did not tell us your email address, so we cannot find your "
            "account.",
        ),
    ],
    ids=["unknown", "unverified", "domain-not-served", "no-email"],
)
def test_anyone_else_is_refused_with_the_reason_and_nothing_is_created(
    rf, institution, claims, reason
):
    UserFactory(email="known@example.edu")
    UserFactory(email="known@elsewhere.org")
    users_before = User.objects.count()

    request, response = provider_answers(rf, institution, **claims)

    assert response.status_code == 403
    assert f"<p>{reason}</p>".replace("'", "&#x27;") in response.content.decode()
    assert request.user.is_authenticated is False
    assert (User.objects.count(), SocialAccount.objects.count()) == (users_before, 0)


def test_a_provider_without_domains_vouches_for_any_verified_address(rf, institution):
    institution.settings = {"server_url": institution.settings["server_url"]}
    institution.save()
    user = UserFactory(email="known@elsewhere.org")

    request, response = provider_answers(
        rf, institution, email="known@elsewhere.org", email_verified=True
    )

    assert (response.status_code, request.user) == (302, user)


def test_sign_in_page_offers_the_institution_first_and_lets_its_form_reach_the_provider(
    client, institution
):
    response = client.get("/accounts/login/")

    page = response.content.decode()
    assert page.index("Sign in with Example University") < page.index('name="password"')
    assert 'action="/accounts/oidc/institution/login/?process=login"' in page
    form_action = next(
        part.strip()
        for part in response["Content-Security-Policy"].split(";")
        if part.strip().startswith("form-action")
    )
    assert form_action == "form-action 'self' https://idp.example.edu"


def test_without_a_provider_the_sign_in_page_has_only_the_password_form(client):
    response = client.get("/accounts/login/")

    assert "With your institution" not in response.content.decode()
    assert "form-action 'self';" in response["Content-Security-Policy"] + ";"
