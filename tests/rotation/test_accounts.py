import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from rotation.demo import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sign_in_with_email_and_sign_out(client):
    UserFactory(email="someone@example.org")

    signed_in = sign_in(client, "Someone@Example.org")
    assert (signed_in.status_code, signed_in.url) == (302, "/")
    assert client.get("/").context["user"].email == "someone@example.org"

    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302
    assert client.get("/").url == "/accounts/login/?next=/"


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="someone@example.org")

    response = sign_in(client, "someone@example.org", "wrong-password")

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "The email address and/or password you specified are not correct."
    ]


def test_unverified_email_cannot_sign_in_and_gets_a_verification_mail(client):
    UserFactory(email="new@example.org", verified=False)

    response = sign_in(client, "new@example.org")

    assert (response.status_code, response.url) == (302, "/accounts/confirm-email/")
    assert [message.to for message in mail.outbox] == [["new@example.org"]]


def test_password_reset_sends_an_email_with_a_link(client):
    UserFactory(email="someone@example.org")

    response = client.post("/accounts/password/reset/", {"email": "someone@example.org"})

    assert (response.status_code, response.url) == (302, "/accounts/password/reset/done/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_repeated_failed_sign_ins_are_rate_limited(client):
    UserFactory(email="someone@example.org")
    for _ in range(5):
        sign_in(client, "someone@example.org", "wrong-password")

    response = sign_in(client, "someone@example.org", PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "Too many failed login attempts. Try again later."
    ]


def test_there_is_no_open_sign_up(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "start_page", "heading"),
    [
        ("director@demo.test", "/programs/", "My programs"),
        ("liaison@demo.test", "/partners/", "My partner organizations"),
        ("faculty@demo.test", "/teaching/", "My teaching"),
        ("resident@demo.test", "/my-rotation/", "My rotation"),
        ("admin@demo.test", "/admin/", "Site administration"),
    ],
)
def test_each_demo_role_lands_on_its_start_page(client, demo_settings, email, start_page, heading):
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())
    sign_in(client, email, DEMO_PASSWORD)

    home = client.get("/")
    page = client.get(start_page)

    assert (home.status_code, home.url) == (302, start_page)
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.content.decode()


def test_sign_in_page_does_not_invite_to_sign_up(client):
    page = client.get("/accounts/login/").content.decode()

    assert "/accounts/signup/" not in page
    assert "Sign in with the email address your course director or partner invited." in page
