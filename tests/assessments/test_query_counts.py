"""The resident's pages run the same number of queries however long the instrument is."""

from datetime import timedelta

import pytest
import time_machine

from assessments.models import Item
from tests.assessments.factories import AdministrationFactory, build_instrument, complete_answers
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 10])
def sized(request, learner_user):
    """Pre and post of an instrument with `rows` items of each kind."""
    rows = request.param
    instrument = build_instrument(knowledge=rows, attitude=rows, free_text=rows)
    pre = AdministrationFactory(instrument=instrument)
    post = AdministrationFactory(
        instrument=instrument,
        kind="post",
        opens_at=pre.closes_at,
        closes_at=pre.closes_at + timedelta(days=7),
        includes_retrospective=True,
    )
    EnrollmentFactory(program=instrument.program, learner=learner_user.learner_profile)
    return pre, post, rows


def test_the_form_with_a_draft(client, learner_user, sized, django_assert_num_queries):
    pre, _post, rows = sized
    client.force_login(learner_user)
    client.post(f"/assessments/{pre.pk}/", {})  # leaves an empty draft

    with django_assert_num_queries(7):
        page = client.get(f"/assessments/{pre.pk}/")

    assert len(page.context["rows"]) == 3 * rows


def test_one_autosave(client, learner_user, sized, django_assert_num_queries):
    pre, _post, _rows = sized
    item = pre.instrument.items.filter(kind=Item.Kind.ATTITUDE).first()
    client.force_login(learner_user)

    with django_assert_num_queries(19):
        saved = client.post(
            f"/assessments/{pre.pk}/answer/", {"field": f"item-{item.pk}", f"item-{item.pk}": "3"}
        )

    assert saved.status_code == 200


def test_the_results(client, learner_user, sized, django_assert_num_queries):
    pre, post, rows = sized
    client.force_login(learner_user)
    client.post(f"/assessments/{pre.pk}/", complete_answers(pre))
    with time_machine.travel(post.opens_at + timedelta(hours=1)):
        client.force_login(learner_user)  # days later: the earlier session has timed out
        client.post(f"/assessments/{post.pk}/", complete_answers(post))

    with time_machine.travel(post.closes_at + timedelta(hours=1)):
        client.force_login(learner_user)
        with django_assert_num_queries(7):
            page = client.get(f"/assessments/{post.pk}/results/")

    assert len(page.context["results"].review) == rows


def test_submitting_the_whole_post(client, learner_user, sized, django_assert_num_queries):
    # 24: the form's draft answers are read first (a long form posts only its last part).
    """One upsert stores every answer: no query per question (200 residents submit at once)."""
    _pre, post, rows = sized

    with time_machine.travel(post.opens_at + timedelta(hours=1)):
        client.force_login(learner_user)  # days later: an earlier session would have timed out
        with django_assert_num_queries(23):
            submitted = client.post(f"/assessments/{post.pk}/", complete_answers(post))

    assert submitted.status_code == 302
    response = post.responses.get()
    assert (response.status, response.answers.count()) == ("submitted", 4 * rows)
