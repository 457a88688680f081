"""`make run`'s embedded default: a real worker on a broker that needs no server (kombu's
SQLAlchemy transport on a SQLite file), so jobs leave the request as they do in production."""

import time

from celery import Celery
from celery.contrib.testing.worker import start_worker

from tests.config.test_settings import run_settings

PRINT_CELERY = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_RESULT_BACKEND)"
)


def test_a_sqlite_broker_turns_eager_tasks_off_and_keeps_no_results():
    result = run_settings("-c", PRINT_CELERY, CELERY_BROKER_URL="sqla+sqlite:///broker.sqlite3")

    assert result.stdout.split() == ["False", "None"]


def test_a_task_travels_through_the_sqlite_broker_to_a_real_worker(tmp_path):
    app = Celery("embedded", broker=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}")
    marker = tmp_path / "ran.txt"

    @app.task(name="tests.embedded.mark")
    def mark(*, text: str) -> None:
        marker.write_text(text)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        mark.apply_async(kwargs={"text": "done by the worker"})
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    assert marker.read_text() == "done by the worker"
