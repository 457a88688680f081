"""A partner liaison on a program's planning team proposes a topic; a course director accepts
it, and the topic list credits the liaison's organization."""

import pytest
from django.core import mail
from django.core.cache import cache

from config.celery import app as celery_app
from planning.models import Proposal, TeamMember
from rotation.models import ProgramPartner
from tests.factories import PASSWORD, OrganizationFactory, ProgramFactory, UserFactory
from tests.planning.factories import TeamMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the decision email goes out in the server
    cache.clear()
    director = UserFactory(email="director@riverside.example.org")
    program = ProgramFactory(name="Distributed 2026", slug="distributed-2026")
    program.directors.add(director)
    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    ProgramPartner.objects.create(program=program, organization=organization, role="content")
    liaison = UserFactory(email="liaison@keystone.example.org", first_name="Leo", last_name="Ng")
    organization.liaisons.add(liaison)
    TeamMemberFactory(
        program=program,
        user=liaison,
        name="Leo Ng",
        email=liaison.email,
        role=TeamMember.Role.PARTNER_LIAISON,
        organization=organization,
    )
    yield director, liaison
    celery_app.conf.task_always_eager = was


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_liaison_proposes_a_topic_that_a_director_accepts(browser, live_server, page, team):
    director, liaison = team
    sign_in(page, liaison)
    page.get_by_role("link", name="Planning teams").click()
    page.get_by_role("link", name="Distributed 2026").click()
    page.get_by_role("link", name="Proposals").click()
    page.get_by_role("link", name="Propose a topic or session").click()
    page.get_by_label("Title").fill("Prior authorization from both sides")
    page.get_by_label("Why it matters").fill("Residents order; patients and reviewers wait.")
    page.get_by_label("SBP sub-competency").select_option("SBP2")
    page.get_by_label("Format").select_option("case")
    page.get_by_role("button", name="Submit the proposal").click()
    assert page.get_by_role("status").inner_text() == (
        "Your proposal “Prior authorization from both sides” is on the board."
    )

    director_context = browser.new_context(base_url=live_server.url)
    director_page = director_context.new_page()
    sign_in(director_page, director)
    director_page.goto("/programs/distributed-2026/planning/proposals/?status=open")
    director_page.get_by_role("link", name="Prior authorization from both sides").click()
    director_page.get_by_role("button", name="Accept as a topic of Distributed 2026").click()
    assert director_page.get_by_role("status").inner_text() == (
        "Accepted: the proposal is now a topic of the program."
    )
    director_page.goto("/programs/distributed-2026/topics/")
    row = director_page.get_by_role("row", name="Prior authorization from both sides")
    assert "Keystone Health Plan" in row.inner_text()
    director_context.close()

    page.goto("/programs/distributed-2026/planning/")
    assert "Leo Ng</a>, partner liaison (Keystone Health Plan)" in page.inner_html("#topics")
    assert Proposal.objects.get().status == "accepted"
    assert [m.subject for m in mail.outbox] == [
        "[Mini-Rotation] Your proposal “Prior authorization from both sides” was accepted"
    ]
