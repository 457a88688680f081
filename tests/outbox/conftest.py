import pytest

from config.celery import app
from tests.outbox.broker import DEAD_BROKER, celery_broker


@pytest.fixture
def eager_celery():
    """The embedded default (no broker): a relayed job runs at once, in-process."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def dead_broker():
    with celery_broker(DEAD_BROKER):
        yield
