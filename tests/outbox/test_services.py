"""The outbox: jobs written with their change, relayed on commit, re-sent with back-off, run
once."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction

from outbox import services
from outbox.models import Job
from tests.outbox import tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def runs():
    tasks.RUNS.clear()
    return tasks.RUNS


def enqueue(label: str, **kwargs) -> Job:
    with transaction.atomic():
        return services.enqueue("tests.outbox.record_run", label=label, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_enqueue_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError) as error:
        services.enqueue("tests.outbox.record_run", label="a")

    assert str(error.value) == "enqueue must run inside the transaction of the change."
    assert Job.objects.count() == 0


def test_enqueue_refuses_an_unknown_task():
    message = "Unknown Celery task 'tests.outbox.no_such_task': give it an explicit name=."
    with pytest.raises(ValueError, match=message), transaction.atomic():
        services.enqueue("tests.outbox.no_such_task", label="a")


def test_enqueue_refuses_arguments_that_are_not_primitive_values():
    with pytest.raises(TypeError) as error, transaction.atomic():
        services.enqueue("tests.outbox.record_run", label=object)

    assert str(error.value).startswith("Job arguments must be primitive values (ids, strings): ")


def test_a_job_is_relayed_on_commit_and_runs_once(
    eager_celery, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("a")
        assert runs == []  # nothing happens before the commit

    job.refresh_from_db()
    assert (runs, job.status, job.attempts, job.kwargs) == (["a"], "done", 1, {"label": "a"})
    assert job.done_at is not None


def test_no_job_is_left_when_the_change_rolls_back(eager_celery, runs):
    def change_that_fails():
        with transaction.atomic():
            services.enqueue("tests.outbox.record_run", label="a")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        change_that_fails()

    assert (Job.objects.count(), runs) == (0, [])


def test_a_second_job_with_the_same_key_is_not_written(
    eager_celery, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("a", job_key="invite-7")
        second = enqueue("a", job_key="invite-7")

    assert (first.pk, Job.objects.count(), runs) == (second.pk, 1, ["a"])


def test_a_job_delivered_twice_does_its_work_once(
    eager_celery, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("a")

    again = tasks.record_run.apply(kwargs={"label": "a"}, task_id=services.task_id_for(job))

    assert (runs, again.result) == (["a"], None)


def test_a_task_called_without_a_job_just_runs(runs):
    assert (tasks.record_run(label="direct"), runs) == ("direct", ["direct"])


def test_a_job_whose_task_fails_is_marked_failed_with_the_reason(
    eager_celery, django_capture_on_commit_callbacks
):
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = enqueue("broken")

    job.refresh_from_db()
    assert (job.status, job.last_error) == ("failed", "RuntimeError: the mail server said no")


@time_machine.travel(NOW, tick=False)
def test_a_dead_broker_answers_within_a_second_and_the_job_waits(
    dead_broker, runs, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("a")
    took = time.monotonic() - started

    job.refresh_from_db()
    assert took < 2
    assert (job.status, job.attempts, job.sent_at, runs) == ("pending", 1, None, [])
    assert job.next_attempt_at == NOW + timedelta(seconds=30)
    assert job.last_error.startswith(("OperationalError: ", "RuntimeError: ", "ConnectionError"))


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (40, 3600)]
)
def test_back_off_doubles_up_to_an_hour(attempts, seconds):
    assert services.backoff(attempts=attempts) == timedelta(seconds=seconds)


def test_a_job_refused_too_often_is_failed(
    dead_broker, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("a")

    services.relay_pending(now=job.next_attempt_at + timedelta(days=1))

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 2)


def test_the_relay_sends_due_jobs_oldest_first_and_leaves_later_ones(eager_celery, runs):
    with transaction.atomic():  # (callbacks not run: as if the process died after the commit)
        later = services.enqueue("tests.outbox.record_run", label="later")
        first = services.enqueue("tests.outbox.record_run", label="first")
        second = services.enqueue("tests.outbox.record_run", label="second")
    Job.objects.filter(pk=first.pk).update(next_attempt_at=NOW - timedelta(minutes=2))
    Job.objects.filter(pk=second.pk).update(next_attempt_at=NOW - timedelta(minutes=1))
    Job.objects.filter(pk=later.pk).update(next_attempt_at=NOW + timedelta(minutes=1))

    sent = services.relay_pending(now=NOW)

    assert (sent, runs) == (2, ["first", "second"])
    assert Job.objects.get(pk=later.pk).status == "pending"


def test_the_relay_stops_at_the_first_refusal(dead_broker, runs):
    with transaction.atomic():
        jobs = [services.enqueue("tests.outbox.record_run", label=label) for label in "ab"]
    due = max(job.next_attempt_at for job in jobs)

    sent = services.relay_pending(now=due)

    assert sent == 0
    assert list(Job.objects.order_by("pk").values_list("status", "attempts")) == [
        ("pending", 1),
        ("pending", 0),
    ]


def test_retry_sends_failed_jobs_again_and_leaves_done_ones(
    eager_celery, runs, django_capture_on_commit_callbacks
):
    with transaction.atomic():
        failed = services.enqueue("tests.outbox.record_run", label="again")
        done = services.enqueue("tests.outbox.record_run", label="done")
    Job.objects.filter(pk=failed.pk).update(status="failed", last_error="SMTP down")
    Job.objects.filter(pk=done.pk).update(status="done")

    with django_capture_on_commit_callbacks(execute=True):
        count = services.retry_jobs(job_ids=[failed.pk, done.pk])

    failed.refresh_from_db()
    assert (count, runs, failed.status, failed.last_error) == (1, ["again"], "done", "")


def test_a_job_whose_task_no_longer_exists_fails_without_blocking_the_others(eager_celery, runs):
    with transaction.atomic():
        gone = services.enqueue("tests.outbox.record_run", label="gone")
        kept = services.enqueue("tests.outbox.record_run", label="kept")
    Job.objects.filter(pk=gone.pk).update(task_name="tests.outbox.renamed")

    sent = services.relay_pending(now=kept.next_attempt_at)

    gone.refresh_from_db()
    assert (sent, runs) == (2, ["kept"])
    assert (gone.status, gone.last_error) == (
        "failed",
        "No task is named 'tests.outbox.renamed' any more.",
    )
