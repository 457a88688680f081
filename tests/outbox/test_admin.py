"""Staff see the outbox in the admin (pending, sent, done, failed) and send failed jobs again."""

import pytest
from django.db import transaction

from outbox import services
from outbox.models import Job
from tests.outbox import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    with transaction.atomic():
        made = [services.enqueue("tests.outbox.record_run", label=label) for label in "abc"]
    Job.objects.filter(pk=made[0].pk).update(status="failed", last_error="SMTP: 554 refused")
    Job.objects.filter(pk=made[1].pk).update(status="done")
    return made


@pytest.mark.parametrize("rows", [1, 5])
def test_staff_see_every_job_in_a_constant_number_of_queries(
    client, staff_user, rows, django_assert_num_queries
):
    with transaction.atomic():
        for _ in range(rows):
            services.enqueue("tests.outbox.record_run", label="x")
    client.force_login(staff_user)

    with django_assert_num_queries(8):
        response = client.get("/admin/outbox/job/")

    assert response.context["cl"].result_count == rows


def test_staff_filter_the_failed_jobs_and_read_why(client, staff_user, jobs):
    client.force_login(staff_user)

    response = client.get("/admin/outbox/job/?status__exact=failed")

    assert [job.pk for job in response.context["cl"].result_list] == [jobs[0].pk]
    assert "SMTP: 554 refused" in response.content.decode()


def test_staff_send_failed_jobs_again_and_done_ones_stay_done(
    client, staff_user, jobs, eager_celery, django_capture_on_commit_callbacks
):
    tasks.RUNS.clear()
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/outbox/job/",
            {"action": "retry", "_selected_action": [jobs[0].pk, jobs[1].pk]},
            follow=True,
        )

    assert [str(m) for m in response.context["messages"]] == ["1 job(s) sent again."]
    assert tasks.RUNS == ["a"]
    assert list(Job.objects.order_by("pk").values_list("status", flat=True)) == [
        "done",
        "done",
        "pending",
    ]


def test_nobody_adds_changes_or_deletes_a_job_by_hand(client, staff_user, jobs):
    client.force_login(staff_user)

    statuses = [
        client.get("/admin/outbox/job/add/").status_code,
        client.post(f"/admin/outbox/job/{jobs[2].pk}/change/", {"status": "done"}).status_code,
        client.post(f"/admin/outbox/job/{jobs[2].pk}/delete/", {"post": "yes"}).status_code,
    ]

    assert statuses == [403, 403, 403]
    assert Job.objects.get(pk=jobs[2].pk).status == "pending"
