"""Every background job starts through the outbox: no app queues a Celery task around it. (That
the outbox imports no domain app is tests/test_architecture.py's floor rule.)"""

from tests.test_architecture import APPS, ROOT, app_files

QUEUEING = (".delay(", ".apply_async(", "transaction.on_commit(")


def test_no_app_queues_a_celery_task_except_through_the_outbox():
    offenders = sorted(
        str(path.relative_to(ROOT))
        for app in APPS
        if app != "outbox"
        for path in app_files(app)
        if any(call in path.read_text() for call in QUEUEING)
    )

    assert offenders == []
