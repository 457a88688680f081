"""Fixtures of the report tests: report files under a temporary MEDIA_ROOT, eager tasks."""

import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process even when CI configures a broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
