"""The one place assessments' services queue Celery tasks: ids only, sent after the commit."""

from django.db import transaction


def queue_reminders(*, administration_id: int, key: str) -> None:
    from assessments.tasks import send_reminders  # the tasks module imports these services

    transaction.on_commit(
        lambda: send_reminders.delay(administration_id=administration_id, key=key)
    )
