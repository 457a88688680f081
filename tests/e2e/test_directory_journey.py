"""A course director adds a partner organization to the directory and invites its liaison; the
liaison accepts the emailed link, chooses a password and sees the organization."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from config.celery import app as celery_app
from tests.factories import PASSWORD, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def director(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    was = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the invitation goes out in the server
    cache.clear()
    user = UserFactory(email="director@riverside.example.org")
    ProgramFactory(name="Distributed 2026", directors=[user])
    yield user
    celery_app.conf.task_always_eager = was


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_director_adds_an_organization_and_its_liaison_accepts(
    browser, live_server, page, director
):
    sign_in(page, director)
    page.get_by_role("link", name="Directory").click()
    page.get_by_role("link", name="Add an organization").click()
    page.get_by_label("Name").fill("Eastside Community Health Center")
    page.get_by_label("Kind").select_option("provider")
    page.get_by_label("Website").fill("eastside.example.org")
    page.get_by_label("Address").fill("40 River Rd")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Eastside Community Health Center"
    page.get_by_label("Liaison's name").fill("Eve Okoye")
    page.get_by_label("Liaison's email address").fill("eve@eastside.example.org")
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_role("status").inner_text() == (
        "An invitation is on its way to eve@eastside.example.org."
    )
    assert "Eve Okoye <eve@eastside.example.org>" in page.inner_text("main")

    link = re.search(r"https?://\S+/partners/liaison-invitations/\S+/", mail.outbox[-1].body)[0]
    liaison_context = browser.new_context(base_url=live_server.url)
    liaison = liaison_context.new_page()
    liaison.goto(link)
    assert liaison.get_by_role("heading", level=1).inner_text() == "Welcome, Eve Okoye"
    liaison.get_by_label("Choose a password").fill("a-long-liaison-pass")
    liaison.get_by_label("Password (again)").fill("a-long-liaison-pass")
    liaison.get_by_role("button", name="Set password and continue").click()

    assert liaison.get_by_role("status").inner_text() == (
        "Welcome: you are now a liaison of Eastside Community Health Center."
    )
    assert liaison.get_by_role("heading", level=1).inner_text() == (
        "Eastside Community Health Center"
    )
    liaison.get_by_role("link", name="Partners").click()
    assert liaison.get_by_role("link", name="Eastside Community Health Center").is_visible()
    liaison_context.close()
