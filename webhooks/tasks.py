from celery import shared_task

from outbox.tasks import OutboxTask
from webhooks import services


@shared_task(name="webhooks.deliver", base=OutboxTask, atomic_job=False, delayed_notice="")
def deliver(*, delivery_id: int, number: int) -> None:
    """One attempt; no transaction is held open while the endpoint answers."""
    services.deliver(delivery_id=delivery_id, number=number)
