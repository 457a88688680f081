import pytest

from config.celery import app
from tests.webhooks.receiver import Receiver, start_receiver
from webhooks.models import Endpoint


@pytest.fixture(autouse=True)
def celery_eager():
    """Jobs relayed on commit run in-process here; one test uses a real worker."""
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def receiver():
    receiver = Receiver()
    server = start_receiver(receiver)
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    return Endpoint.objects.create(
        name="GME data warehouse",
        url=receiver.url,
        events=[
            "session.published",
            "session.changed",
            "session.cancelled",
            "enrollment.changed",
            "report.ready",
        ],
    )
