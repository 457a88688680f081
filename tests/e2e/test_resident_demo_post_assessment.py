"""The demo as the issue's closing note describes it: resident@demo.test takes this year's
post-assessment on a phone (with the retrospective questions); the director then sees
completion and sends reminders."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Response
from rotation.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Autosaves queue one after another; on the shared CI machine a page of them takes a while.
expect.set_options(timeout=30_000)


@pytest.fixture
def demo(demo_settings):
    cache.clear()
    call_command("seed_demo", "--learners", "6", stdout=io.StringIO())


def sign_in(page, email):
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_demo_resident_takes_the_post_and_the_director_reminds_the_others(
    browser, live_server, demo
):
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = phone.new_page()
    page.set_default_timeout(20_000)  # the CI machine is shared and slow
    sign_in(page, "resident@demo.test")

    page.get_by_role("link", name="Post-assessment: Systems-Based Practice").click()
    expect(page.get_by_text("Answered 0 of 41")).to_be_visible()
    # 41 questions: one part per section, each answered (autosaved) before Next.
    part = 1
    while True:
        for fieldset in page.locator("fieldset.question").all():
            if fieldset.locator("[role=radiogroup]").count():
                for group in fieldset.locator("[role=radiogroup]").all():
                    group.get_by_role("radio").nth(3).check()
            elif fieldset.get_by_role("radio").count():
                fieldset.get_by_role("radio").first.check()
        following = page.get_by_role("button", name="Next:", exact=False)
        if not following.count():
            break
        following.click()
        part += 1
        expect(page.get_by_role("heading", level=2)).to_contain_text(f"Part {part} of")
    expect(page.get_by_text("Answered 40 of 41")).to_be_visible()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Your answers can no longer be changed.")).to_be_visible()
    response = Response.objects.get(  # this year's: last year's finished program has one too
        learner__email="resident@demo.test",
        administration__kind="post",
        administration__instrument__program__archived_at__isnull=True,
    )
    assert (response.status, response.answers.filter(is_retrospective=True).count()) == (
        "submitted",
        10,
    )
    phone.close()

    desk = browser.new_context(base_url=live_server.url)
    page = desk.new_page()
    page.set_default_timeout(20_000)  # the CI machine is shared and slow
    sign_in(page, "director@demo.test")
    page.get_by_role("link", name="Assessments").first.click()
    page.get_by_role("link", name="Systems-Based Practice: knowledge and attitudes").click()
    page.get_by_role("link", name="Completion").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Completion: Post-assessment")
    expect(page.get_by_text("Submitted:")).to_be_visible()
    page.get_by_role("button", name="Send a reminder to everyone who has not submitted").click()
    expect(page.get_by_text("Reminders are on their way")).to_be_visible()
    desk.close()
