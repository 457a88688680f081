"""Schemathesis against the live schema: every operation, as a director's token and as a
resident's, must answer no server error and nothing the schema does not describe (status,
content type, body). Path slugs and ids are mostly the world's own, so that the happy paths run
too; each request is rolled back, like the access matrix's."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.throttling import TokenRateThrottle
from config.wsgi import application
from tests.api.conftest import token_for
from tests.security.conftest import FAST_HASHERS, build_world


def closing_application(environ, start_response):
    """The app, its response read and closed here: Schemathesis's WSGI transport reads a body
    without closing it, which would leave a downloaded report's file open."""
    body = application(environ, start_response)
    try:
        return [b"".join(body)]
    finally:
        body.close()


schema = schemathesis.openapi.from_wsgi("/api/schema/", closing_application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        # As Django's test client does: the WSGI app must not close the test's connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        world = build_world()
        world.keys = {
            role: token_for(world.users[role]) for role in ("director", "resident", "staff")
        }
        yield world
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def generous_rate_limit(monkeypatch):
    """The fuzzer sends hundreds of requests a minute per token; the limit has its own test."""
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "100000/minute"})


def point_at_the_world(case, world) -> None:
    """Most examples reach real objects; an odd id stays as generated (usually a 404)."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        is_organization = case.operation.path.startswith("/api/organizations/")
        parameters["slug"] = world.organization.slug if is_organization else world.program.slug
    if isinstance(parameters.get("id"), int) and parameters["id"] % 2 == 0:
        path = case.operation.path
        real = (
            world.administration
            if "administrations" in path
            else world.run
            if "reports" in path
            else world.session
        )
        parameters["id"] = real.pk


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["director", "resident"])
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_schema(case, role, fuzz_world):
    point_at_the_world(case, fuzz_world)
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {fuzz_world.keys[role]}"}, checks=CHECKS
        )
        transaction.set_rollback(True)
