"""The error pages in the app's style, as production serves them (DEBUG off)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.factories import ProgramFactory, SeminarSessionFactory, UserFactory

pytestmark = [pytest.mark.urls("tests.security.error_urls"), pytest.mark.django_db]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def text(response) -> str:
    return response.content.decode()


def test_404_page_in_the_app_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)
    assert '<a class="brand" href="/">Mini-Rotation</a>' in text(response)


def test_403_page_for_a_program_the_user_does_not_direct(client):
    program = ProgramFactory()
    client.force_login(UserFactory())

    response = client.get(f"/programs/{program.slug}/")

    assert response.status_code == 403
    assert "<h1>You do not have access to this page</h1>" in text(response)


def test_403_page_shows_the_reason_the_view_gave(client):
    director = UserFactory()
    program = ProgramFactory(directors=[director])
    session = SeminarSessionFactory(program=program, status="cancelled")
    client.force_login(director)

    response = client.get(f"/programs/{program.slug}/sessions/{session.pk}/edit/")

    assert response.status_code == 403
    assert "<p>A cancelled session cannot be changed.</p>" in text(response)


def test_500_page(client):
    response = client.get("/test-errors/500/")

    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in text(response)


@pytest.mark.django_db(False)
def test_500_page_renders_without_a_request_or_the_database():
    # No `db` here: pytest-django fails any query, as when the error came from the database.
    html = render_to_string("500.html")

    assert "<h1>Something went wrong on our side</h1>" in html
    assert "Sign out" not in html


def test_400_page(client):
    response = client.get("/test-errors/400/")

    assert response.status_code == 400
    assert "<h1>We could not understand that request</h1>" in text(response)


def test_expired_form_page_on_csrf_failure():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})

    assert response.status_code == 403
    assert "<h1>This form has expired</h1>" in text(response)


def test_htmx_request_gets_a_one_line_403(client):
    program = ProgramFactory()
    client.force_login(UserFactory())

    response = client.get(f"/programs/{program.slug}/schedule/", headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert text(response) == (
        '<p class="message error" role="alert">You do not have access to this.</p>\n'
    )


def test_htmx_request_gets_a_one_line_404(client):
    client.force_login(UserFactory())

    response = client.get("/programs/no-such-program/", headers={"HX-Request": "true"})

    assert response.status_code == 404
    assert text(response) == (
        '<p class="message error" role="alert">This was not found; reload the page.</p>\n'
    )
