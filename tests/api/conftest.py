from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.services import create_token


def token_for(user, scope: str = "read_write") -> str:
    return create_token(
        user=user, name="Sync", scope=scope, expires_at=timezone.now() + timedelta(days=30)
    ).key


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the shared cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def director_api(director):
    return bearer(token_for(director))
