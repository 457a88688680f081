"""The API tokens page, the admin's revoke action and the documentation page."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.staticfiles import finders
from django.urls import reverse

from api.models import ApiToken
from api.services import authenticate_key
from audit.models import AuditEvent
from tests.api.conftest import token_for
from tests.factories import UserFactory


def test_a_new_token_is_shown_once_and_works(client, learner_user):
    client.force_login(learner_user)

    created = client.post(
        reverse("api:tokens"), {"name": "My script", "scope": "read", "expires_in_days": "30"}
    )
    again = client.get(reverse("api:tokens"))

    key = re.search(r"mr_[0-9a-f]{12}_[\w-]+", created.content.decode()).group(0)
    assert created["Cache-Control"] == "no-store"
    assert key not in again.content.decode()
    assert authenticate_key(key=key).user == learner_user
    assert list(ApiToken.objects.values_list("name", "scope")) == [("My script", "read")]


def test_a_bad_form_keeps_what_was_typed_and_stores_nothing(client, learner_user):
    client.force_login(learner_user)

    response = client.post(
        reverse("api:tokens"), {"name": "Kept", "scope": "read", "expires_in_days": "7"}
    )

    assert response.context["form"].errors == {
        "expires_in_days": ["Select a valid choice. 7 is not one of the available choices."]
    }
    assert 'value="Kept"' in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_user_revokes_their_own_token_but_not_anothers(client, learner_user):
    token_for(learner_user)
    token_for(UserFactory())
    mine, theirs = ApiToken.objects.order_by("pk")
    client.force_login(learner_user)

    revoked = client.post(reverse("api:token_revoke", args=[mine.pk]))
    refused = client.post(reverse("api:token_revoke", args=[theirs.pk]))

    assert revoked["Location"] == reverse("api:tokens")
    assert refused.status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.revoked_at is not None, theirs.revoked_at) == (True, None)


def test_a_director_who_must_set_up_mfa_is_sent_to_set_it_up(client, director, settings):
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True
    client.force_login(director)

    response = client.get(reverse("api:tokens"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_with_an_authenticator_a_director_may_make_tokens(client, director, settings):
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True
    TOTP.activate(director, generate_totp_secret())
    client.force_login(director)

    client.post(
        reverse("api:tokens"), {"name": "MedHub", "scope": "read_write", "expires_in_days": "90"}
    )

    assert list(ApiToken.objects.values_list("user", "scope")) == [(director.pk, "read_write")]


def test_staff_revoke_any_token_in_the_admin(client, staff_user, learner_user):
    token_for(learner_user)
    token = ApiToken.objects.get()
    client.force_login(staff_user)

    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "actor")) == [
        ("api_token.created", learner_user.pk),
        ("api_token.revoked", staff_user.pk),
    ]


@pytest.mark.django_db
def test_the_docs_page_runs_swagger_ui_from_static_files_only(client):
    response = client.get(reverse("api:docs"))

    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">',
        '<script src="/static/api/swagger-init.js">',
    ]
    assert 'data-schema-url="/api/schema/"' in html
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert (policy["script-src"], policy["style-src"]) == ("'self'", "'self'")
    for path in ("api/swagger-init.js", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"):
        assert finders.find(path) is not None


@pytest.mark.django_db
def test_the_schema_lists_every_operation(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    operations = sorted(
        (path, method) for path, methods in schema["paths"].items() for method in methods
    )
    assert len(operations) == 24
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_an_address_under_api_that_matches_nothing_is_a_json_404(client):
    response = client.get("/api/no-such-endpoint/")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
