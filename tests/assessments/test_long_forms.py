"""A long assessment is split into pages by section: Next and Back save the page's answers (the
way that works without autosave), the last page submits everything, and a missing answer on an
earlier page is pointed at on its own page."""

import pytest

from assessments.models import Answer, Response
from tests.assessments.factories import AdministrationFactory, build_instrument, complete_answers
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_pre(learner_user):
    # 18 knowledge questions (two pages of at most 15), 6 attitudes, 1 free text: 25 questions.
    instrument = build_instrument(knowledge=18, attitude=6, free_text=1)
    administration = AdministrationFactory(instrument=instrument)
    EnrollmentFactory(program=instrument.program, learner=learner_user.learner_profile)
    return administration


@pytest.fixture
def resident(client, learner_user):
    client.force_login(learner_user)
    return client


def url(administration, page=None):
    return f"/assessments/{administration.pk}/" + (f"?page={page}" if page else "")


def page_fields(response) -> list[str]:
    return [row["name"] for row in response.context["page"]["rows"]]


def test_the_form_is_split_into_parts_by_section(resident, long_pre):
    first = resident.get(url(long_pre))

    titles = [page["title"] for page in first.context["pages"]]
    assert titles == [
        "What you know (1 of 2)",
        "What you know (2 of 2)",
        "Your views",
        "In your own words",
    ]
    assert len(page_fields(first)) == 15
    html = first.content.decode()
    assert "Part 1 of 4: What you know (1 of 2)" in html
    assert "Next: What you know (2 of 2)" in html
    assert "Submit answers" not in html
    last = resident.get(url(long_pre, 4)).content.decode()
    assert "Submit answers" in last
    assert "Back" in last


def test_next_saves_the_page_and_the_last_page_submits_everything(resident, long_pre):
    answers = complete_answers(long_pre)
    pages = [page_fields(resident.get(url(long_pre, n))) for n in range(1, 5)]

    for number, fields in enumerate(pages[:-1], start=1):
        data = {name: answers[name] for name in answers if name in fields}
        moved = resident.post(url(long_pre), {**data, "page": number, "go": "next"})
        assert moved["Location"] == url(long_pre, number + 1)
    assert Response.objects.get().status == Response.Status.DRAFT
    last = {name: answers[name] for name in answers if name in pages[-1]}
    resident.post(url(long_pre), {**last, "page": 4, "go": "submit"})

    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert Answer.objects.filter(response=response).count() == len(answers)


def test_back_keeps_what_was_answered(resident, long_pre):
    answers = complete_answers(long_pre)
    fields = page_fields(resident.get(url(long_pre, 3)))
    data = {name: answers[name] for name in fields if name in answers}

    back = resident.post(url(long_pre), {**data, "page": 3, "go": "back"})

    assert back["Location"] == url(long_pre, 2)
    again = resident.get(url(long_pre, 3))
    values = {row["name"]: row["value"] for row in again.context["page"]["rows"]}
    assert values == {name: data[name] for name in fields}


def test_a_question_missed_on_an_earlier_page_is_shown_on_its_page(resident, long_pre):
    answers = complete_answers(long_pre)
    missed = next(name for name in answers if name.startswith("item-"))
    del answers[missed]

    response = resident.post(url(long_pre), {**answers, "page": 4, "go": "submit"})

    assert response.status_code == 422
    assert response.context["page"]["number"] == 1
    assert missed in page_fields(response)
    assert Response.objects.get().status == Response.Status.DRAFT
    assert Answer.objects.count() == len(answers)  # every other answer kept


def test_a_short_form_stays_on_one_page(resident, learner_user):
    administration = AdministrationFactory(instrument=build_instrument())
    EnrollmentFactory(
        program=administration.instrument.program, learner=learner_user.learner_profile
    )

    page = resident.get(url(administration))

    assert len(page.context["pages"]) == 1
    assert "Part 1" not in page.content.decode()
    assert "Submit answers" in page.content.decode()
