"""The one way background jobs are started. A service calls `enqueue` inside the transaction of its
change: the job is a row committed with the change, handed to Celery on commit, and re-sent by the
relay (beat, every minute, and at worker start) until the broker takes it. A broker outage delays
work and never loses it, and the page that caused it answers at once."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any, TypeVar

from celery.exceptions import Retry
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox.models import Job

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
T = TypeVar("T")

#: What the current request delayed because the broker did not answer (see the middleware).
delayed_notices: ContextVar[list[str] | None] = ContextVar("delayed_notices", default=None)


@functools.cache
def _celery_app():
    """The Celery app with every app's tasks module imported (workers do this at start; web
    processes on their first job), so that a task is known by its name."""
    from config.celery import app

    app.loader.import_default_modules()
    return app


def enqueue(
    task_name: str,
    /,
    *,
    job_key: str | None = None,
    not_before: datetime | None = None,
    **kwargs: Any,
) -> Job:
    """Write a job for the Celery task `task_name` with these keyword arguments (primitive values
    only) and hand it to Celery once the transaction commits. Refuses to run outside a transaction,
    so that no job can outlive a change that rolled back. With `job_key`, a job already written
    under that key is returned instead of a second one. With `not_before` (a retry's back-off),
    the job waits in the outbox and beat's relay hands it over once that time has come."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue must run inside the transaction of the change.")
    if task_name not in _celery_app().tasks:
        raise ValueError(f"Unknown Celery task {task_name!r}: give it an explicit name=.")
    try:
        json.dumps(kwargs)
    except TypeError as error:
        raise TypeError(f"Job arguments must be primitive values (ids, strings): {error}") from None
    # The relay on commit goes first; beat's relay takes over if that one does not succeed.
    now = timezone.now()
    later = not_before is not None and not_before > now
    due = not_before if later else now + timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS)
    values = {"task_name": task_name, "kwargs": kwargs, "next_attempt_at": due}
    if job_key is None:
        job, created = Job.objects.create(**values), True
    else:
        job, created = Job.objects.get_or_create(key=job_key, defaults=values)
    if created and not later:
        transaction.on_commit(lambda: relay(job=job))
    return job


def task_id_for(job: Job) -> str:
    """The Celery task id of a job: the same at every delivery, so the task knows its row."""
    return f"{TASK_ID_PREFIX}{job.pk}"


def job_id_from_task_id(task_id: str | None) -> int | None:
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        return int(task_id.removeprefix(TASK_ID_PREFIX))
    return None


def relay(*, job: Job) -> bool:
    """Hand one job to the broker. False if the broker refused it: the job stays pending with its
    next attempt backed off, and the current request is told what was delayed."""
    app = _celery_app()
    task = app.tasks.get(job.task_name)
    if task is None:  # renamed or removed since the job was written: staff decide
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, last_error=f"No task is named {job.task_name!r} any more."
        )
        return True
    # Marked sent before publishing: once a worker holds the row, nothing here waits for it.
    Job.objects.filter(pk=job.pk, status__in=[Job.Status.PENDING, Job.Status.SENT]).update(
        status=Job.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    try:
        # The job's row, not a result backend, records what became of it.
        task.apply_async(kwargs=job.kwargs, task_id=task_id_for(job), ignore_result=True)
    except Exception as error:
        if app.conf.task_always_eager:
            raise  # no broker: the task itself failed, which tests and `make run` must see
        _record_refusal(job=job, error=error, notice=getattr(task, "delayed_notice", ""))
        return False
    return True


def _record_refusal(*, job: Job, error: Exception, notice: str) -> None:
    attempts = job.attempts + 1
    gave_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    logger.warning(
        "Outbox job %s (%s) not handed to the broker, attempt %s: %s",
        job.pk,
        job.task_name,
        attempts,
        error,
    )
    Job.objects.filter(pk=job.pk, status=Job.Status.SENT).update(
        attempts=attempts,
        sent_at=None,
        status=Job.Status.FAILED if gave_up else Job.Status.PENDING,
        next_attempt_at=timezone.now() + backoff(attempts=attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    notices = delayed_notices.get()
    if notices is not None and notice:
        notices.append(notice)


def backoff(*, attempts: int) -> timedelta:
    """Exponential: the base delay after the first refusal, doubling up to the maximum."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def relay_pending(*, now: datetime, limit: int = 500) -> int:
    """Re-send the pending jobs that are due, oldest first, and the jobs sent long ago that never
    ran (the broker lost them, e.g. Redis restarted empty); stops at the first refusal (the broker
    is down: the others would be refused too). Returns how many the broker took."""
    lost_before = now - timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS)
    due = Job.objects.filter(
        Q(status=Job.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Job.Status.SENT, sent_at__lt=lost_before)
    )
    sent = 0
    for job in due.order_by("next_attempt_at", "pk")[:limit]:
        if not relay(job=job):
            break
        sent += 1
    return sent


def retry_jobs(*, job_ids: list[int]) -> int:
    """Staff's retry: failed (or stuck sent) jobs become pending again and are sent on commit.
    Done jobs are left alone. Returns how many were retried."""
    with transaction.atomic():
        jobs = list(
            Job.objects.select_for_update()
            .filter(pk__in=job_ids)
            .exclude(status=Job.Status.DONE)
            .order_by("pk")
        )
        Job.objects.filter(pk__in=[job.pk for job in jobs]).update(
            status=Job.Status.PENDING, next_attempt_at=timezone.now(), last_error=""
        )
        for job in jobs:
            job.status = Job.Status.PENDING
            transaction.on_commit(lambda job=job: relay(job=job))
    return len(jobs)


def run_job(*, job_id: int, work: Callable[[], T], atomic: bool) -> T | None:
    """Run a delivered job's work at most once to completion. With `atomic`, the work runs in one
    transaction holding the job's row, which is marked done in that same transaction: a second
    delivery waits, then finds it done and does nothing. Without it (long work that commits as it
    goes and is idempotent itself), a job already done is skipped and marked done after the work.
    A job whose work raises is marked failed with the reason, for staff to see and retry."""
    try:
        if atomic:
            with transaction.atomic():
                return _run_once(job_id=job_id, work=work, lock=True)
        return _run_once(job_id=job_id, work=work, lock=False)
    except Retry:
        raise  # Celery tries the same job again later
    except Exception as error:
        # After the work's transaction rolled back, so that the reason is kept.
        Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE).update(
            status=Job.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise


def _run_once(*, job_id: int, work: Callable[[], T], lock: bool) -> T | None:
    jobs = Job.objects.select_for_update() if lock else Job.objects.all()
    job = jobs.filter(pk=job_id).first()
    if job is None or job.status == Job.Status.DONE:
        logger.info("Outbox job %s is %s; not run again.", job_id, "done" if job else "gone")
        return None
    result = work()
    Job.objects.filter(pk=job_id).update(status=Job.Status.DONE, done_at=timezone.now())
    return result
