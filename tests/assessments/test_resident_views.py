from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from assessments.links import LINK_MAX_AGE, personal_link
from assessments.models import Answer, CourseEvaluation, Response, SessionEvaluation
from assessments.selectors.due import due_for_learner, learner_programs
from config.input import UNSTORABLE_MESSAGE
from tests.assessments.factories import (
    AdministrationFactory,
    ResponseFactory,
    build_instrument,
    complete_answers,
)
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pre(learner_user):
    administration = AdministrationFactory(instrument=build_instrument())
    EnrollmentFactory(
        program=administration.instrument.program, learner=learner_user.learner_profile
    )
    return administration


@pytest.fixture
def resident(client, learner_user):
    client.force_login(learner_user)
    return client


def take_url(administration):
    return f"/assessments/{administration.pk}/"


def first(administration, kind):
    return administration.instrument.items.filter(kind=kind).first()


def test_anonymous_is_sent_to_sign_in(client, pre):
    response = client.get(take_url(pre))

    assert (response.status_code, response.url) == (
        302,
        f"/accounts/login/?next={take_url(pre)}",
    )


@pytest.mark.parametrize("fixture", ["director", "faculty_user", "liaison"])
def test_other_roles_may_not_take_assessments(client, request, pre, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert client.get(take_url(pre)).status_code == 403
    assert client.post(f"{take_url(pre)}answer/", {}).status_code == 403


def test_a_resident_of_another_program_gets_404(client, pre):
    other = UserFactory()
    LearnerFactory(user=other)
    client.force_login(other)

    assert client.get(take_url(pre)).status_code == 404
    assert client.post(take_url(pre), complete_answers(pre)).status_code == 404
    assert Response.objects.count() == 0


def test_autosave_stores_one_answer_and_a_reload_resumes_it(resident, pre, learner_user):
    item = first(pre, "attitude")

    saved = resident.post(
        f"{take_url(pre)}answer/", {"field": f"item-{item.pk}", f"item-{item.pk}": "5"}
    )
    page = resident.get(take_url(pre))

    assert saved.status_code == 200
    assert "Saved" in saved.content.decode()
    assert 'hx-swap-oob="true"' in saved.content.decode()
    assert Answer.objects.get().value == 5
    assert page.context["progress"] == {"answered": 1, "total": 5}
    row = next(r for r in page.context["rows"] if r["item"] == item)
    assert row["value"] == "5"
    assert f'name="item-{item.pk}" value="5" checked' in page.content.decode()


def test_a_reload_resumes_a_knowledge_answer_with_only_its_choice_checked(resident, pre):
    item = first(pre, "knowledge")
    chosen = item.choices.last()

    resident.post(
        f"{take_url(pre)}answer/", {"field": f"item-{item.pk}", f"item-{item.pk}": chosen.pk}
    )
    page = resident.get(take_url(pre)).content.decode()

    assert page.count(f'name="item-{item.pk}" value="{chosen.pk}" checked') == 1
    assert page.count(f'name="item-{item.pk}"') == item.choices.count()
    assert page.count(" checked") == 1


def test_another_resident_does_not_see_my_draft(client, resident, pre):
    item = first(pre, "attitude")
    resident.post(f"{take_url(pre)}answer/", {"field": f"item-{item.pk}", f"item-{item.pk}": "5"})
    other = UserFactory()
    EnrollmentFactory(program=pre.instrument.program, learner=LearnerFactory(user=other))
    client.force_login(other)

    page = client.get(take_url(pre))

    assert page.context["progress"] == {"answered": 0, "total": 5}


@pytest.mark.parametrize(
    ("value", "message"),
    [("9", "Not saved: Choose a point from 1 to 5."), ("", None)],
)
def test_autosave_refuses_out_of_range_values_with_a_message(resident, pre, value, message):
    item = first(pre, "attitude")

    saved = resident.post(
        f"{take_url(pre)}answer/", {"field": f"item-{item.pk}", f"item-{item.pk}": value}
    )

    if message:
        assert saved.status_code == 422
        assert message in saved.content.decode()
        assert Answer.objects.count() == 0
    else:
        assert saved.status_code == 200


def test_submit_with_missing_answers_keeps_them_and_points_at_the_missing(resident, pre):
    data = complete_answers(pre)
    missing = first(pre, "knowledge")
    del data[f"item-{missing.pk}"]

    page = resident.post(take_url(pre), data)

    body = page.content.decode()
    assert page.status_code == 422
    assert page.context["errors"] == {f"item-{missing.pk}": "Please answer this question."}
    assert f'<a href="#q-item-{missing.pk}">Question 1</a>' in body
    assert page.context["progress"] == {"answered": 4, "total": 5}
    assert Response.objects.get().status == "draft"


def test_submit_then_resubmit_leaves_one_submitted_response(resident, pre):
    first_post = resident.post(take_url(pre), complete_answers(pre))
    second_post = resident.post(take_url(pre), complete_answers(pre, correct=False), follow=True)

    assert (first_post.status_code, first_post.url) == (302, take_url(pre))
    messages = [str(m) for m in second_post.context["messages"]]
    assert messages[0] == "Thank you — your answers are submitted."
    assert messages[1].startswith("You already submitted this on ")
    assert Response.objects.get().knowledge_correct == 2
    assert "can no longer be changed" in second_post.content.decode()


def test_a_closed_window_shows_a_clear_message_not_an_error(resident, pre, learner_user):
    with time_machine.travel(pre.closes_at + timedelta(minutes=1)):
        resident.force_login(learner_user)  # days later: the earlier session has timed out
        page = resident.get(take_url(pre))
        posted = resident.post(take_url(pre), complete_answers(pre))

    assert (page.status_code, posted.status_code) == (200, 200)
    assert page.context["closed_message"].startswith("The pre-assessment closed on ")
    assert Response.objects.count() == 0


@pytest.fixture
def post(pre):
    return AdministrationFactory(
        instrument=pre.instrument,
        kind="post",
        opens_at=pre.closes_at,
        closes_at=pre.closes_at + timedelta(days=7),
    )


def test_results_appear_only_after_the_post_closes(resident, pre, post, learner_user):
    resident.post(take_url(pre), complete_answers(pre, correct=False, likert="2"))
    with time_machine.travel(post.opens_at + timedelta(hours=1)):
        resident.force_login(learner_user)  # days later: the earlier session has timed out
        resident.post(take_url(post), complete_answers(post))
        early = resident.get(f"{take_url(post)}results/")
    with time_machine.travel(post.closes_at + timedelta(hours=1)):
        resident.force_login(learner_user)
        late = resident.get(f"{take_url(post)}results/")

    assert early.context["results"] is None
    assert early.context["message"].startswith("Your results appear after")
    results = late.context["results"]
    assert (results.pre.knowledge_correct, results.post.knowledge_correct) == (0, 2)
    assert [(t.topic, t.pre_correct, t.post_correct, t.total) for t in results.topics] == [
        ("Quality", 0, 1, 1),
        ("Payment", 0, 1, 1),
    ]
    # Reverse-scored: pre answers 2 and 2 score 2 and 4; post 4 and 4 score 4 and 2.
    assert results.attitudes == [("Partnership", 3.0, 3.0)]
    assert "Because of reason 1." in late.content.decode()


def test_pre_assessment_gives_no_feedback_on_knowledge(resident, pre):
    page = resident.post(take_url(pre), complete_answers(pre), follow=True)

    body = page.content.decode()
    assert "Because of reason" not in body
    assert "correct" not in body.lower().replace("can no longer be changed", "")


def test_my_rotation_lists_what_is_due(resident, pre, learner_user):
    program = pre.instrument.program
    past = SeminarSessionFactory(
        program=program,
        status="published",
        starts_at=timezone.now() - timedelta(days=2, hours=2),
        ends_at=timezone.now() - timedelta(days=2),
        title="Value-based payment",
    )

    page = resident.get("/my-rotation/")

    assert [(d.kind, d.title, d.status) for d in page.context["due"]] == [
        ("session", "Evaluate: Value-based payment", "Open"),
        ("pre", "Pre-assessment: Systems-Based Practice", "Not started"),
    ]
    assert f'href="/evaluations/sessions/{past.pk}/"' in page.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_my_rotation_due_list_uses_a_constant_number_of_queries(
    client, learner_user, rows, django_assert_num_queries
):
    learner = learner_user.learner_profile
    for _ in range(rows):
        administration = AdministrationFactory(instrument=build_instrument(knowledge=1))
        EnrollmentFactory(program=administration.instrument.program, learner=learner)
        SeminarSessionFactory(
            program=administration.instrument.program,
            status="published",
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=2),
        )
    client.force_login(learner_user)

    # As tests/rotation/test_start_pages.py counts them, and 1 for the sessions evaluated
    # already: their evaluation windows are open.
    with django_assert_num_queries(8):
        page = client.get("/my-rotation/")

    assert len(page.context["due"]) == 2 * rows


# --- Session and course evaluations -------------------------------------------------------------


@pytest.fixture
def session(pre):
    session = SeminarSessionFactory(
        program=pre.instrument.program,
        status="published",
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    SessionFacultyFactory(session=session)
    return session


def evaluation_data(session, **overrides):
    member = session.faculty_assignments.get().faculty_member
    return {
        "overall": "5",
        "relevance": "4",
        "changed_view": "3",
        f"faculty-{member.pk}": "5",
        "comment": "Eye-opening.",
        **overrides,
    }


def test_a_resident_evaluates_a_session_once(resident, session):
    url = f"/evaluations/sessions/{session.pk}/"
    resident.post(url, evaluation_data(session))
    again = resident.post(url, evaluation_data(session, overall="1"), follow=True)

    evaluation = SessionEvaluation.objects.get()
    assert (evaluation.overall, evaluation.relevance, evaluation.changed_view) == (5, 4, 3)
    assert list(evaluation.faculty_ratings.values_list("effectiveness", flat=True)) == [5]
    assert [str(m) for m in again.context["messages"]] == [
        "Thank you — your evaluation is saved.",
        "You had already evaluated this session; nothing was changed.",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"overall": "6"}, "Rate “overall quality” from 1 to 5."),
        ({"relevance": ""}, "Rate “relevance to your practice” from 1 to 5."),
        ({"faculty-999999": "4"}, "That faculty member did not teach this session."),
    ],
)
def test_bad_session_evaluations_are_refused(resident, session, overrides, message):
    page = resident.post(
        f"/evaluations/sessions/{session.pk}/", evaluation_data(session, **overrides)
    )

    assert (page.status_code, page.context["error"]) == (422, message)
    assert page.context["values"]["comment"] == "Eye-opening."
    assert SessionEvaluation.objects.count() == 0


def test_session_evaluation_closes_after_the_configured_days(resident, session, learner_user):
    with time_machine.travel(session.ends_at + timedelta(days=7, minutes=1)):
        resident.force_login(learner_user)  # days later: the earlier session has timed out
        page = resident.post(f"/evaluations/sessions/{session.pk}/", evaluation_data(session))

    assert page.status_code == 422
    assert page.context["error"].startswith("Evaluations of this session closed on ")
    assert SessionEvaluation.objects.count() == 0


def test_a_session_of_another_program_is_404(resident):
    other = SeminarSessionFactory(status="published")

    assert resident.get(f"/evaluations/sessions/{other.pk}/").status_code == 404


def test_the_end_of_course_evaluation_opens_after_the_last_session(resident, session):
    program = session.program
    url = f"/evaluations/programs/{program.slug}/"
    data = {"overall": "4", "most_valuable": "Site visits", "topics_to_add": "Medicaid"}

    with time_machine.travel(session.starts_at - timedelta(days=1)):
        early = resident.post(url, data)
    resident.post(url, data)

    assert early.context["error"] == "The end-of-course evaluation opens after the last session."
    evaluation = CourseEvaluation.objects.get()
    assert (evaluation.overall, evaluation.topics_to_add) == (4, "Medicaid")


# --- Personal links -----------------------------------------------------------------------------


def test_a_personal_link_signs_in_once(client, learner_user, pre):
    url = personal_link(user=learner_user, next_url=take_url(pre))

    confirm = client.get(url)
    signed_in = client.post(url)
    client.logout()
    reused = client.post(url)

    assert confirm.status_code == 200
    assert (signed_in.status_code, signed_in.url) == (302, take_url(pre))
    assert reused.status_code == 410
    assert "This link no longer works" in reused.content.decode()


def test_a_personal_link_expires(client, learner_user, pre):
    url = personal_link(user=learner_user, next_url=take_url(pre))

    with time_machine.travel(timezone.now() + timedelta(seconds=LINK_MAX_AGE + 1)):
        response = client.post(url)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_forged_or_offsite_link_does_not_sign_in(client, learner_user):
    forged = client.post("/assessments/link/not-a-token/")
    offsite = client.post(personal_link(user=learner_user, next_url="https://evil.example/"))

    assert forged.status_code == 400
    assert (offsite.status_code, offsite.url) == (302, "/")


@pytest.mark.parametrize("fixture", ["director", "staff_user"])
def test_personal_links_never_sign_in_directors_or_staff(client, request, fixture):
    user = request.getfixturevalue(fixture)

    response = client.post(personal_link(user=user, next_url="/"))

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def resident_urls(pre, session):
    return [
        ("get", f"/assessments/{pre.pk}/"),
        ("post", f"/assessments/{pre.pk}/"),
        ("post", f"/assessments/{pre.pk}/answer/"),
        ("get", f"/assessments/{pre.pk}/results/"),
        ("get", f"/evaluations/sessions/{session.pk}/"),
        ("post", f"/evaluations/sessions/{session.pk}/"),
        ("get", f"/evaluations/programs/{session.program.slug}/"),
        ("post", f"/evaluations/programs/{session.program.slug}/"),
    ]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [(None, 302), ("director", 403), ("faculty_user", 403), ("liaison", 403)],
)
def test_every_resident_page_refuses_other_roles(client, request, pre, session, fixture, expected):
    if fixture:
        client.force_login(request.getfixturevalue(fixture))

    codes = {
        url: getattr(client, method)(url).status_code for method, url in resident_urls(pre, session)
    }

    assert set(codes.values()) == {expected}


def test_every_resident_page_is_404_for_a_resident_of_another_program(client, pre, session):
    other = UserFactory()
    EnrollmentFactory(learner=LearnerFactory(user=other))
    client.force_login(other)

    codes = {
        url: getattr(client, method)(url).status_code for method, url in resident_urls(pre, session)
    }

    assert set(codes.values()) == {404}
    assert (Response.objects.count(), SessionEvaluation.objects.count()) == (0, 0)


def test_a_submitted_response_is_shown_read_only(resident, pre):
    resident.post(take_url(pre), complete_answers(pre))

    body = resident.get(take_url(pre)).content.decode()

    assert body.count(" disabled>") == 2 * 3 + 2 * 5
    assert "hx-post" not in body


# --- Hostile input (finding 5 of the hardening issue): a message, never a 500 ----------------


def test_a_nul_byte_in_a_free_text_answer_gets_a_message(resident, pre):
    item = first(pre, "free_text")

    response = resident.post(
        f"{take_url(pre)}answer/",
        {"field": f"item-{item.pk}", f"item-{item.pk}": "a\x00b"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    assert UNSTORABLE_MESSAGE in response.content.decode()
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("digit", ["²", "٣", "３"])
def test_another_scripts_digit_as_an_attitude_answer_gets_a_message(resident, pre, digit):
    item = first(pre, "attitude")

    response = resident.post(
        f"{take_url(pre)}answer/",
        {"field": f"item-{item.pk}", f"item-{item.pk}": digit},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert "Choose a point from 1 to 5." in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_nul_byte_in_a_session_evaluation_comment_gets_a_message(resident, session):
    response = resident.post(
        f"/evaluations/sessions/{session.pk}/", evaluation_data(session, comment="ok\x00")
    )

    assert (response.status_code, SessionEvaluation.objects.count()) == (400, 0)
    assert UNSTORABLE_MESSAGE in response.content.decode()


def test_a_superscript_rating_gets_a_message(resident, session):
    response = resident.post(
        f"/evaluations/sessions/{session.pk}/", evaluation_data(session, overall="²")
    )

    assert (response.status_code, response.context["error"]) == (
        422,
        "Rate “overall quality” from 1 to 5.",
    )
    assert SessionEvaluation.objects.count() == 0


def test_a_nul_byte_in_a_course_evaluation_gets_a_message(resident, session):
    response = resident.post(
        f"/evaluations/programs/{session.program.slug}/",
        {"overall": "5", "most_valuable": "\x00"},
    )

    assert (response.status_code, CourseEvaluation.objects.count()) == (400, 0)


def test_learner_programs_read_each_programs_administrations_and_the_learners_status_at_once(
    learner_user, django_assert_num_queries
):
    learner = learner_user.learner_profile
    pre = AdministrationFactory(instrument=build_instrument(knowledge=1))
    program = pre.instrument.program
    post = AdministrationFactory(
        instrument=pre.instrument,
        kind="post",
        opens_at=timezone.now() + timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=3),
    )
    build_instrument(program)  # an instrument not administered yet
    ResponseFactory(administration=pre, learner=learner)
    title = pre.instrument.title
    without = EnrollmentFactory(learner=learner).program
    EnrollmentFactory(program=program, learner=learner)

    with django_assert_num_queries(1):
        mine = learner_programs(learner=learner, programs=[program, without])

    assert [
        (p.program, [(a.pk, a.kind, a.instrument_title, a.my_status) for a in p.administrations])
        for p in mine
    ] == [
        (program, [(pre.pk, "pre", title, "draft"), (post.pk, "post", title, None)]),
        (without, []),
    ]
    with django_assert_num_queries(0):
        due = due_for_learner(learner=learner, now=timezone.now(), programs=mine, sessions=[])
    assert [(d.kind, d.title, d.status) for d in due] == [
        ("pre", f"Pre-assessment: {title}", "Draft saved"),
    ]
