"""Every page of the users' journeys passes axe-core with no serious or critical violation;
the resident's pages fit a 360 px phone; forms work with the keyboard alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.services.responses import submit_response
from tests.assessments.factories import AdministrationFactory, build_instrument, complete_answers
from tests.e2e.browser_checks import (
    axe_source,
    csp_violations,
    horizontal_overflow,
    report_axe,
    run_axe,
    watch_csp,
)
from tests.e2e.journeys import RESIDENT, ROLES, new_context, pages_of, url_of
from tests.factories import EnrollmentFactory, LearnerFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("account", ROLES)
def test_journey_pages_have_no_serious_or_critical_axe_violations(
    browser, live_server, journey_demo, account
):
    source = axe_source()
    # axe-core is injected into pages that forbid inline scripts; this context lets it in.
    context = new_context(browser, live_server, account, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)  # the CI machine is shared and slow
    failures = []
    for journey_page in pages_of(account):
        url = url_of(journey_page, journey_demo)
        page.goto(url)
        result = run_axe(page, source)
        report_axe(account, journey_page.name, url, result)
        failures += [f"{journey_page.name} ({url}): {line}" for line in result.describe_blocking()]
    context.close()

    assert failures == [], "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_axe_reports_a_critical_violation_with_rule_impact_and_target(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png" id="photo"></main>')

    result = run_axe(page, axe_source())

    assert result.describe_blocking() == [
        "image-alt (critical): Images must have alternative text — #photo"
    ]
    context.close()


def test_the_residents_pages_fit_a_360_px_phone_without_horizontal_scrolling(
    browser, live_server, journey_demo
):
    context = new_context(
        browser, live_server, RESIDENT, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    overflow = {}
    for journey_page in pages_of(RESIDENT):
        page.goto(url_of(journey_page, journey_demo))
        overflow[journey_page.name] = horizontal_overflow(page)
    context.close()

    assert overflow == dict.fromkeys(overflow, 0)
    assert len(overflow) == len(pages_of(RESIDENT))


def closed_pre_and_post(program, learners):
    """A pre and a post of one instrument, both closed now, that every learner submitted
    (knowledge gained on the post by every other learner); returns the post."""
    now = timezone.now()
    pre = AdministrationFactory(
        instrument=build_instrument(program),
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=20),
    )
    post = AdministrationFactory(
        instrument=pre.instrument,
        kind="post",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    for number, learner in enumerate(learners):
        EnrollmentFactory(program=program, learner=learner)
        for administration, correct, likert, day in (
            (pre, False, "2", 25),
            (post, number % 2 == 0, "4", 5),
        ):
            submit_response(
                administration=administration,
                learner=learner,
                data=complete_answers(administration, correct=correct, likert=likert),
                now=now - timedelta(days=day),
            )
    return post


@pytest.fixture
def closed_post(learner_user):
    """The resident's results are shown: their post has closed."""
    return closed_pre_and_post(ProgramFactory(), [learner_user.learner_profile])


def test_the_residents_results_pass_axe_and_fit_360_px(browser, live_server, closed_post):
    context = new_context(
        browser,
        live_server,
        "resident@example.org",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        bypass_csp=True,
    )
    page = context.new_page()
    url = f"/assessments/{closed_post.pk}/results/"
    page.goto(url)
    result = run_axe(page, axe_source())
    report_axe("resident (factories)", "Results with figures", url, result)

    assert page.get_by_role("table", name="Knowledge score").is_visible()
    assert (result.describe_blocking(), horizontal_overflow(page)) == ([], 0)
    context.close()


@pytest.fixture
def evaluated_program():
    """Six learners' pre and post: the course evaluation shows its charts (the demo's few
    learners leave them out as too small to show)."""
    director = UserFactory(email="charts@example.org")
    program = ProgramFactory(directors=[director])
    closed_pre_and_post(program, [LearnerFactory() for _ in range(6)])
    return director, program


def test_the_course_evaluation_with_its_charts_passes_axe_and_the_csp(
    browser, live_server, evaluated_program
):
    director, program = evaluated_program
    context = new_context(browser, live_server, director.email)
    console_errors = watch_csp(context)
    page = context.new_page()
    url = f"/programs/{program.slug}/reports/course-evaluation/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    violations = csp_violations(page)
    result = run_axe(page, axe_source())  # DevTools evaluates it: the page's CSP does not apply
    report_axe("director (factories)", "Course eval. with charts", url, result)

    assert page.locator("figure.chart svg").count() >= 3
    assert (violations, console_errors, result.describe_blocking()) == ([], [], [])
    context.close()
