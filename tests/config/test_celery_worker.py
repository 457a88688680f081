"""A task really travels through Redis to a worker and its result comes back."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from tests.markers import requires_broker


@app.task(name="tests.multiply")
def multiply(*, a: int, b: int) -> int:
    return a * b


@requires_broker
@pytest.mark.celery_worker
def test_a_task_round_trips_through_the_broker_to_a_real_worker():
    import celery.contrib.testing.tasks  # noqa: F401 -- registers the ping task the worker checks

    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=10):
        result = multiply.apply_async(kwargs={"a": 6, "b": 7})

        assert result.get(timeout=20) == 42
