"""A patient partner who co-taught a session gets the feedback email, opens its link on a 390 px
phone without an account, rates the learners, sends, and sees the thank-you; the answer is
stored once, and sending again from the same link corrects it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from config.celery import app as celery_app
from planning.models import CoTeaching, PatientFeedback, TeamMember
from planning.patients.services import request_due_feedback
from tests.factories import ProgramFactory, SeminarSessionFactory
from tests.planning.factories import PatientPartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def emailed_link(django_capture_on_commit_callbacks):
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    program = ProgramFactory(name="Distributed 2026", slug="distributed-2026")
    member = PatientPartnerFactory(
        program=program, name="Henry Walsh", email="henry@families.example.org", joined_at=None
    )
    session = SeminarSessionFactory(
        program=program,
        title="Partnering with patients and families",
        status="published",
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    CoTeaching.objects.create(session=session, member=member, contribution="shares his story")
    with django_capture_on_commit_callbacks(execute=True):
        request_due_feedback(now=timezone.now())
    yield re.search(r"http://[^/\s]+(/patient-feedback/\S+/)", mail.outbox[0].body).group(1)
    celery_app.conf.task_always_eager = was


def test_a_patient_partner_gives_feedback_from_the_email_on_a_phone(
    browser, live_server, emailed_link
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(emailed_link)
    assert page.get_by_role("heading", level=1).inner_text() == "How did the learners do?"
    width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_role("group", name="The learners listened to me").get_by_label(
        "5 — very much"
    ).check()
    page.get_by_role("group", name="The learners showed me respect").get_by_label(
        "4", exact=True
    ).check()
    page.get_by_role("group", name="The learners asked about my experience").get_by_label(
        "Not observed"
    ).check()
    page.get_by_role("group", name="The learners explained things clearly").get_by_label(
        "3", exact=True
    ).check()
    page.get_by_label("A comment to the learners (optional)").fill("Ask families about the wait.")
    page.get_by_role("button", name="Send my feedback").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Henry Walsh"
    page.reload()  # a reload shows the thank-you again and stores nothing new
    page.get_by_role("button", name="Save my corrected feedback").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you, Henry Walsh"
    context.close()

    answer = PatientFeedback.objects.get()
    assert width <= PHONE["width"]
    assert (
        answer.listened,
        answer.showed_respect,
        answer.asked_about_experience,
        answer.explained_clearly,
        answer.comment,
    ) == (5, 4, None, 3, "Ask families about the wait.")
    assert PatientFeedback.objects.count() == 1
    assert TeamMember.objects.get().user is None  # no account was needed
