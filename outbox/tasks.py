"""The relay task, and the base class of every task started through the outbox."""

import logging

from celery import Task, shared_task
from celery.signals import worker_ready
from django.utils import timezone

from outbox import services

logger = logging.getLogger(__name__)


class OutboxTask(Task):
    """A task delivered from an outbox job (its task id names the row) runs to completion at most
    once however often the broker delivers it (see services.run_job)."""

    #: Run in one transaction holding the job's row (the default). Long work that commits as it
    #: goes (report rendering) sets this False and is idempotent by itself.
    atomic_job = True
    #: What the page says when the broker is down and the job waits in the outbox.
    delayed_notice = "The email will be sent as soon as the mail queue is back."

    def __call__(self, *args, **kwargs):
        job_id = services.job_id_from_task_id(self.request.id)
        run = super().__call__
        if job_id is None:  # called directly, or started by beat
            return run(*args, **kwargs)
        return services.run_job(
            job_id=job_id, work=lambda: run(*args, **kwargs), atomic=self.atomic_job
        )


@shared_task(name="outbox.relay_pending")
def relay_pending() -> int:
    sent = services.relay_pending(now=timezone.now())
    if sent:
        logger.info("Outbox relay handed %s pending jobs to the broker.", sent)
    return sent


@worker_ready.connect
def relay_at_worker_start(**kwargs) -> None:
    """A worker coming up (after an outage, say) sends what waited in the outbox right away."""
    relay_pending.delay()
