"""Tasks the outbox tests enqueue: they count their runs in a list the test reads."""

from celery import shared_task

from outbox.tasks import OutboxTask

RUNS: list[str] = []


@shared_task(base=OutboxTask, name="tests.outbox.record_run", delayed_notice="It will wait.")
def record_run(*, label: str) -> str:
    RUNS.append(label)
    if label == "broken":
        raise RuntimeError("the mail server said no")
    return label
