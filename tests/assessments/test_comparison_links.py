"""Comparison group by signed link: a director emails a sign-up link to a residency program's
director; residents who do not take the course join through it until it expires."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.links import comparison_link_path, comparison_link_token
from assessments.models import ComparisonLink, ComparisonMember
from assessments.services.comparison import join_comparison_group, send_comparison_link
from assessments.views import comparison as comparison_views
from audit.models import AuditEvent
from config.celery import app as celery_app
from config.logging import mask_secrets
from rotation.models import Learner
from rotation.services.programs import archive_program
from tests.factories import EnrollmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db

RESIDENT = {
    "first_name": "Femi",
    "last_name": "Okafor",
    "email": "femi.okafor@example.org",
    "pgy_level": 2,
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The sign-up throttle counts in the cache, which outlives a test's database."""
    cache.clear()


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def link(program, director):
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        return send_comparison_link(
            program=program,
            residency_program="Family Medicine",
            program_director_name="Dr. Morgan Lee",
            program_director_email="PD@Example.org",
            days=30,
            now=timezone.now(),
            actor=director,
        )


def join_url(link):
    return comparison_link_path(link=link)


def test_the_director_sends_a_link_emailed_to_the_program_director_and_audited(
    client, program, director, django_capture_on_commit_callbacks, eager_celery, settings
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:comparison_link_send", args=[program.slug]),
            {
                "residency_program": "Family Medicine",
                "program_director_name": "Dr. Morgan Lee",
                "program_director_email": "pd@example.org",
                "days": "14",
            },
        )

    link = ComparisonLink.objects.get()
    assert response.status_code == 302
    assert (link.residency_program, link.program_director_email) == (
        "Family Medicine",
        "pd@example.org",
    )
    assert link.expires_at - link.created_at == timedelta(days=14)
    [message] = mail.outbox
    assert message.to == ["pd@example.org"]
    assert settings.SITE_URL.rstrip("/") + join_url(link) in message.body
    assert "Family Medicine residents who are not taking the course" in message.body
    event = AuditEvent.objects.get(action="comparison.link_sent")
    assert (event.actor, event.program, event.changes) == (
        director,
        program,
        {"sent to": [None, "pd@example.org"], "days": [None, 14]},
    )
    page = client.get(reverse("assessments:comparison_group", args=[program.slug]))
    assert [(row.residency_program, row.joined) for row in page.context["links"]] == [
        ("Family Medicine", 0)
    ]


def test_a_link_valid_for_too_long_is_refused_with_the_form_kept(client, program, director):
    client.force_login(director)

    response = client.post(
        reverse("assessments:comparison_link_send", args=[program.slug]),
        {
            "residency_program": "Family Medicine",
            "program_director_name": "Dr. Lee",
            "program_director_email": "pd@example.org",
            "days": "365",
        },
    )

    assert response.status_code == 422
    assert response.context["link_form"].errors == {
        "days": ["Ensure this value is less than or equal to 90."]
    }
    assert ComparisonLink.objects.count() == 0


def test_a_resident_joins_through_the_link_once(client, link, program):
    page = client.get(join_url(link))
    assert page.status_code == 200
    assert f"Join the comparison group of {program.name}" in page.content.decode()

    first = client.post(join_url(link), RESIDENT)
    again = client.post(join_url(link), {**RESIDENT, "email": "FEMI.okafor@example.org"})

    assert (first.status_code, again.status_code) == (200, 200)
    assert first.context["joined"] is True
    learner = Learner.objects.get(email="femi.okafor@example.org")
    assert (
        learner.residency_program,
        learner.pgy_level,
        learner.program_director_name,
        learner.program_director_email,
        learner.user.has_usable_password(),
    ) == ("Family Medicine", 2, "Dr. Morgan Lee", "pd@example.org", False)
    assert list(ComparisonMember.objects.values_list("program", "learner", "link")) == [
        (program.pk, learner.pk, link.pk)
    ]
    assert AuditEvent.objects.filter(action="comparison.joined").count() == 1


def test_a_learner_enrolled_in_the_course_is_not_added_and_nothing_says_so(program, link):
    enrolled = LearnerFactory(email="enrolled@example.org")
    EnrollmentFactory(program=program, learner=enrolled)

    added = join_comparison_group(
        link=link, fields={**RESIDENT, "email": "enrolled@example.org"}, now=timezone.now()
    )

    assert added is False
    assert ComparisonMember.objects.count() == 0


def test_bad_input_is_refused_field_by_field(client, link):
    response = client.post(join_url(link), {**RESIDENT, "email": "not-an-email", "pgy_level": 9})

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "pgy_level": ["Ensure this value is less than or equal to 8."],
    }
    assert response.context["form"]["first_name"].value() == "Femi"
    assert ComparisonMember.objects.count() == 0


def test_a_forged_token_gets_the_not_valid_page(client, link):
    response = client.get(join_url(link)[:-3] + "xx/")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_token_for_a_link_that_does_not_exist_gets_the_not_valid_page(client, link):
    other = ComparisonLink(pk=link.pk + 100)

    response = client.get(
        reverse("assessments:comparison_join", args=[comparison_link_token(link=other)])
    )

    assert response.status_code == 404


def test_an_expired_link_says_so_and_takes_nobody(client, link):
    with time_machine.travel(link.expires_at + timedelta(minutes=1)):
        page = client.get(join_url(link))
        posted = client.post(join_url(link), RESIDENT)

    assert (page.status_code, posted.status_code) == (410, 410)
    assert "This sign-up link has expired" in page.content.decode()
    assert "Dr. Morgan Lee" in page.content.decode()
    assert ComparisonMember.objects.count() == 0
    with pytest.raises(ValidationError):
        join_comparison_group(
            link=link, fields=RESIDENT, now=link.expires_at + timedelta(minutes=1)
        )


def test_an_archived_programs_link_is_closed(client, link, program):
    archive_program(program=program)

    response = client.post(join_url(link), RESIDENT)

    assert response.status_code == 410
    assert "Sign-up is closed" in response.content.decode()
    assert ComparisonMember.objects.count() == 0


def test_sign_ups_from_one_address_are_throttled(client, link, monkeypatch):
    monkeypatch.setattr(comparison_views, "JOIN_LIMIT", 2)
    statuses = [
        client.post(join_url(link), {**RESIDENT, "email": f"r{n}@example.org"}).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert ComparisonMember.objects.count() == 2


def test_the_link_is_masked_in_logs(link):
    path = join_url(link)

    assert mask_secrets(f"GET {path} 200") == "GET /comparison/join/***/ 200"
