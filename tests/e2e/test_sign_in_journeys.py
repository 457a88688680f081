import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from rotation.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo_settings):
    cache.clear()
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("email", "heading", "visible"),
    [
        ("director@demo.test", "My programs", "Concentrated Mini-Rotation in Health Systems"),
        ("liaison@demo.test", "My partner organizations", "Keystone Health Plan"),
        ("faculty@demo.test", "My teaching", "Sessions you taught"),
        ("resident@demo.test", "My rotation", "How health plans measure quality"),
    ],
)
def test_each_demo_account_signs_in_sees_its_page_and_signs_out(
    page, demo, email, heading, visible
):
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_text(visible).first.is_visible()

    page.locator(".account summary").click()  # the account's menu, under the address
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign In"
