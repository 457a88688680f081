import pytest

from config.celery import app


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process here even when CI configures a broker; one test uses a real worker."""
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing the factories' passwords with PBKDF2 dominates these tests' time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
