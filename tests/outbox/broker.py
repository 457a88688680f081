"""Point the project's Celery app at another broker for one test (a dead port, or a Redis server
the test owns), then back: the connection pools and the result backend are rebuilt each way."""

import os
from contextlib import contextmanager

from kombu import pools

from config.celery import app

DEAD_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def _forget_connections() -> None:
    pools.reset()  # kombu's pools outlive the app's reference to them
    app.amqp._producer_pool = None
    app._backend_cache = None
    vars(app._local).pop("backend", None)


@contextmanager
def celery_broker(url: str):
    names = ("broker_url", "result_backend", "task_always_eager")
    saved = {name: app.conf[name] for name in names}
    saved_environ = os.environ.get("CELERY_BROKER_URL")
    _forget_connections()
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        yield app
    finally:
        _forget_connections()
        app.conf.update(saved)
        if saved_environ is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environ
