"""The Django admin signs in through allauth: its rate limits, lock-out and MFA apply there too."""

import pytest

from tests.accounts.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = ["Too many failed login attempts. Try again later."]


def test_the_admin_sends_anonymous_visitors_to_the_allauth_sign_in(client):
    to_admin_login = client.get("/admin/")
    to_sign_in = client.get(to_admin_login.url)

    assert to_admin_login.url == "/admin/login/?next=/admin/"
    assert (to_sign_in.status_code, to_sign_in.url) == (302, "/accounts/login/?next=/admin/")


def test_posting_a_password_to_the_admin_login_signs_nobody_in(client, staff_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff_user.email, "password": PASSWORD}
    )

    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/admin/")
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"


def test_five_failed_sign_ins_lock_the_address_out_of_the_admin(client, staff_user):
    for attempt in range(5):
        failed = sign_in(client, f"guess{attempt}@example.org", "wrong-password")
        assert failed.context["form"].errors["__all__"] == [
            "The email address and/or password you specified are not correct."
        ]

    locked = client.post(
        "/accounts/login/?next=/admin/", {"login": staff_user.email, "password": PASSWORD}
    )

    assert locked.status_code == 200
    assert locked.context["form"].errors["__all__"] == TOO_MANY
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"


def test_staff_sign_in_through_allauth_and_reach_the_admin(client, staff_user):
    signed_in = client.post(
        "/accounts/login/?next=/admin/", {"login": staff_user.email, "password": PASSWORD}
    )

    assert signed_in.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").url == "/admin/"


def test_a_signed_in_user_without_staff_rights_cannot_enter_the_admin(client):
    client.force_login(UserFactory(is_staff=False))

    to_admin_login = client.get("/admin/")
    refused = client.get(to_admin_login.url)

    assert to_admin_login.url == "/admin/login/?next=/admin/"
    assert refused.status_code == 403
