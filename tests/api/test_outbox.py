"""The outbox status for site staff: counts per status, the oldest waiting job, failed jobs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from outbox.models import Job
from tests.api.conftest import bearer, token_for


@pytest.fixture
def staff_api(staff_user):
    return bearer(token_for(staff_user, scope="read"))


def make_jobs(statuses: list[str]) -> None:
    now = timezone.now()
    for age, status in enumerate(statuses):
        Job.objects.create(
            task_name="tests.multiply",
            status=status,
            created_at=now - timedelta(minutes=age),
            last_error="ConnectionError: refused" if status == "failed" else "",
        )


def test_staff_see_how_many_jobs_wait_and_since_when(staff_api, db):
    make_jobs(["done", "pending", "sent", "failed", "failed", "done"])
    oldest_failed = Job.objects.filter(status="failed").order_by("created_at").first()

    body = staff_api.get("/api/outbox/").json()

    assert body["counts"] == {"pending": 1, "sent": 1, "done": 2, "failed": 2}
    sent = Job.objects.get(status="sent")  # older than the pending one
    assert parse_datetime(body["oldest_pending_at"]) == sent.created_at
    assert parse_datetime(body["oldest_failed_at"]) == oldest_failed.created_at


def test_failed_jobs_are_listed_newest_first_with_their_reason(staff_api, db):
    make_jobs(["failed", "done", "failed"])

    body = staff_api.get("/api/outbox/jobs/?status=failed").json()

    assert body["count"] == 2
    created = [row["created_at"] for row in body["results"]]
    assert created == sorted(created, reverse=True)
    assert {row["last_error"] for row in body["results"]} == {"ConnectionError: refused"}


def test_a_bad_status_filter_is_400(staff_api, db):
    response = staff_api.get("/api/outbox/jobs/?status=stuck")

    assert response.status_code == 400
    assert "status" in response.json()


def test_a_director_may_not_see_the_outbox(director_api):
    assert director_api.get("/api/outbox/").status_code == 403


def test_the_job_list_reads_a_constant_number_of_queries(staff_api, db):
    def count(jobs: int) -> int:
        make_jobs(["failed"] * jobs)
        with CaptureQueriesContext(connection) as queries:
            assert staff_api.get("/api/outbox/jobs/").status_code == 200
        return len(queries)

    staff_api.get("/api/outbox/jobs/")  # the token's first use records it (once a minute)
    assert count(2) == count(40)
