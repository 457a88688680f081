import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import override_settings

from tests.markers import requires_broker

pytestmark = pytest.mark.django_db


@override_settings(CELERY_BROKER_URL="")
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


@requires_broker
def test_healthz_checks_the_configured_broker(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "broker": "ok"},
    )


@override_settings(CELERY_BROKER_URL="")
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "down", "database": "down"})


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0")
def test_healthz_answers_503_when_the_broker_is_down(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        503,
        {"status": "down", "database": "ok", "broker": "down"},
    )
