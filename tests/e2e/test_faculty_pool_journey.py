"""A partner liaison adds a meeting room and a prospective faculty member and invites them."""

import pytest
from django.core import mail
from django.core.cache import cache

from config.celery import app as celery_app
from partners.models import FacultyMember, MeetingRoom
from tests.factories import PASSWORD, OrganizationFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def liaison(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the invitation email goes out in the server
    cache.clear()
    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    SiteFactory(organization=organization, name="Keystone Headquarters")
    user = UserFactory(email="liaison@keystone.example.org")
    organization.liaisons.add(user)
    yield user
    celery_app.conf.task_always_eager = was


def test_liaison_adds_a_room_and_invites_a_faculty_member(page, liaison):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(liaison.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Keystone Health Plan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Keystone Health Plan"

    page.get_by_role("link", name="Add a meeting room").first.click()
    page.get_by_label("Site").select_option(label="Keystone Headquarters")
    page.get_by_label("Name").fill("Training Room 3")
    page.get_by_label("Capacity").fill("24")
    page.get_by_label("Video conferencing", exact=False).check()
    page.get_by_label("Bookable from").fill("08:00")
    page.get_by_label("Bookable until").fill("17:30")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Training Room 3 Keystone Headquarters"
    )
    assert "08:00–17:30" in page.inner_text("main")

    page.get_by_role("link", name="Faculty").first.click()
    page.get_by_role("link", name="Add a faculty member").click()
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Raman")
    page.get_by_label("Email").fill("priya.raman@keystone.example.org")
    page.get_by_label("Clinical background").select_option("physician")
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row", name="Priya Raman")
    assert "Prospect" in row.inner_text()
    row.get_by_role("button", name="Invite").click()

    assert page.get_by_role("status").inner_text() == (
        "An invitation is on its way to priya.raman@keystone.example.org."
    )
    assert "Invited" in page.get_by_role("row", name="Priya Raman").inner_text()
    assert MeetingRoom.objects.get().capacity == 24
    assert FacultyMember.objects.get().recruitment_status == "invited"
    assert [message.to for message in mail.outbox] == [["priya.raman@keystone.example.org"]]
