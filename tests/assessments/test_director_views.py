import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import (
    Administration,
    CourseEvaluation,
    EvaluationSettings,
    Instrument,
    Item,
    Notification,
    SessionEvaluation,
)
from config.celery import app as celery_app
from config.input import UNSTORABLE_MESSAGE
from tests.assessments.factories import (
    AdministrationFactory,
    ResponseFactory,
    build_instrument,
)
from tests.factories import EnrollmentFactory, ProgramFactory, SeminarSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(program):
    return build_instrument(program)


@pytest.fixture
def pre(instrument):
    return AdministrationFactory(instrument=instrument)


@pytest.fixture
def urls(program, instrument, pre):
    """Every director URL; one learner has a draft so that their response has a page."""
    learner = EnrollmentFactory(program=program).learner
    ResponseFactory(administration=pre, learner=learner)
    return director_urls(program, instrument, pre, learner.pk)


@pytest.fixture
def other_director(db):
    user = UserFactory(email="other-director@example.org")
    ProgramFactory(directors=[user])
    return user


def director_urls(program, instrument, pre, learner_pk):
    item = instrument.items.first()
    return [
        ("get", f"/programs/{program.slug}/instruments/"),
        ("get", f"/instruments/{instrument.pk}/"),
        ("get", f"/instruments/{instrument.pk}/preview/"),
        ("get", f"/instruments/{instrument.pk}/items.csv"),
        ("post", f"/instruments/{instrument.pk}/items/"),
        ("post", f"/instruments/{instrument.pk}/import/"),
        ("post", f"/instruments/{instrument.pk}/administrations/"),
        ("get", f"/items/{item.pk}/edit/"),
        ("post", f"/items/{item.pk}/move/"),
        ("post", f"/items/{item.pk}/delete/"),
        ("get", f"/administrations/{pre.pk}/completion/"),
        ("post", f"/administrations/{pre.pk}/remind/"),
        ("get", f"/administrations/{pre.pk}/responses/{learner_pk}/"),
        ("get", f"/programs/{program.slug}/evaluations/"),
        ("post", f"/programs/{program.slug}/evaluations/"),
    ]


def statuses(client, urls):
    return {url: getattr(client, method)(url).status_code for method, url in urls}


def test_anonymous_users_are_sent_to_sign_in(client, urls):
    assert set(statuses(client, urls).values()) == {302}


@pytest.mark.parametrize("fixture", ["learner_user", "faculty_user", "liaison"])
def test_other_roles_are_forbidden(client, request, urls, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert set(statuses(client, urls).values()) == {403}


def test_another_programs_director_gets_404(client, other_director, instrument, urls):
    client.force_login(other_director)

    assert set(statuses(client, urls).values()) == {404}
    assert instrument.items.count() == 5


def test_the_director_sees_every_page(client, director, urls):
    client.force_login(director)
    pages = [(m, u) for m, u in urls if m == "get"]

    assert set(statuses(client, pages).values()) == {200}


def knowledge_item_data(**overrides):
    return {
        "kind": "knowledge",
        "text": "What does HEDIS measure?",
        "topic": "Quality",
        "explanation": "Health plan performance.",
        "option_1": "Hospital costs",
        "option_2": "Health plan performance",
        "option_3": "Physician income",
        "correct": "2",
        "is_required": "on",
        **overrides,
    }


def test_the_director_adds_a_knowledge_item(client, director, instrument):
    client.force_login(director)

    response = client.post(f"/instruments/{instrument.pk}/items/", knowledge_item_data())

    item = instrument.items.last()
    assert (response.status_code, response.url) == (302, f"/instruments/{instrument.pk}/")
    assert (item.text, item.position) == ("What does HEDIS measure?", 6)
    assert [(c.text, c.is_correct) for c in item.choices.all()] == [
        ("Hospital costs", False),
        ("Health plan performance", True),
        ("Physician income", False),
    ]


def test_an_item_without_a_correct_option_is_refused_with_the_input_kept(
    client, director, instrument
):
    client.force_login(director)

    response = client.post(f"/instruments/{instrument.pk}/items/", knowledge_item_data(correct=""))

    assert response.status_code == 422
    assert response.context["item_form"].non_field_errors() == [
        "Exactly one option must be correct; 0 are marked correct."
    ]
    assert 'value="Hospital costs"' in response.content.decode()
    assert instrument.items.count() == 5


def test_editing_a_locked_instrument_goes_to_a_new_version(client, director, instrument, pre):
    ResponseFactory(
        administration=pre, learner=EnrollmentFactory(program=instrument.program).learner
    )
    item = instrument.items.first()
    client.force_login(director)

    response = client.post(
        f"/items/{item.pk}/edit/", knowledge_item_data(text="Changed"), follow=True
    )

    new = Instrument.objects.get(version=2)
    assert response.redirect_chain == [(f"/instruments/{new.pk}/", 302)]
    assert str(next(iter(response.context["messages"]))).startswith(
        "Residents have already answered version 1"
    )
    assert new.items.first().text == "Changed"
    assert instrument.items.first().text == "Knowledge question 1"


def test_csv_upload_appends_items_and_export_downloads_them(client, director, instrument):
    client.force_login(director)
    csv_text = "kind,text,subscale,reverse_scored\nattitude,Patients are partners,Partnership,yes\n"

    client.post(
        f"/instruments/{instrument.pk}/import/",
        {"file": SimpleUploadedFile("items.csv", csv_text.encode(), content_type="text/csv")},
    )
    export = client.get(f"/instruments/{instrument.pk}/items.csv")

    assert export["Content-Type"] == "text/csv; charset=utf-8"
    lines = export.content.decode().splitlines()
    assert len(lines) == 7
    assert lines[-1].startswith("attitude,Patients are partners,,,Partnership,yes,yes,no,")


def test_copy_from_an_earlier_program(client, director, instrument):
    later = ProgramFactory(directors=[director])
    client.force_login(director)

    response = client.post(f"/programs/{later.slug}/instruments/", {"source": instrument.pk})

    copy = Instrument.objects.get(program=later)
    assert (response.status_code, copy.items.count()) == (302, 5)


def test_copy_from_a_program_the_director_does_not_direct_is_refused(client, director):
    foreign = build_instrument()
    client.force_login(director)
    program = director.directed_programs.get()

    response = client.post(f"/programs/{program.slug}/instruments/", {"source": foreign.pk})

    assert response.status_code == 422
    assert Instrument.objects.filter(program=program).count() == 0


def test_the_director_schedules_a_post_window(client, director, instrument, pre):
    client.force_login(director)
    opens = timezone.localtime(pre.closes_at + timedelta(days=1))
    closes = opens + timedelta(days=14)

    client.post(
        f"/instruments/{instrument.pk}/administrations/",
        {
            "kind_prefix": "post",
            "post-kind": "post",
            "post-opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "post-closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
            "post-includes_retrospective": "on",
            "post-reminder_days": "5, 2",
        },
    )

    post = Administration.objects.get(kind="post")
    assert (post.includes_retrospective, post.reminder_days) == (True, [5, 2])
    assert post.closes_at - post.opens_at == timedelta(days=14)


def test_a_window_closing_before_it_opens_is_refused(client, director, instrument):
    client.force_login(director)

    response = client.post(
        f"/instruments/{instrument.pk}/administrations/",
        {
            "kind_prefix": "pre",
            "pre-kind": "pre",
            "pre-opens_at": "2026-12-10T09:00",
            "pre-closes_at": "2026-12-01T09:00",
        },
    )

    assert response.status_code == 422
    assert "The window must close after it opens." in response.content.decode()
    assert Administration.objects.count() == 0


def test_preview_shows_the_items_without_saving(client, director, instrument):
    client.force_login(director)

    response = client.get(f"/instruments/{instrument.pk}/preview/?kind=post")

    attitude = instrument.items.filter(kind=Item.Kind.ATTITUDE).first()
    assert len(response.context["rows"]) == 5
    assert response.context["rows"][2]["retro"] == {
        "name": f"retro-{attitude.pk}",
        "value": "",
        "options": [(str(n), label, False) for n, label in enumerate(attitude.labels, start=1)],
        "error": "",
    }


@pytest.mark.parametrize("rows", [1, 10])
def test_completion_dashboard_uses_a_constant_number_of_queries(
    client, director, pre, rows, django_assert_num_queries
):
    program = pre.instrument.program
    enrollments = [EnrollmentFactory(program=program) for _ in range(rows)]
    ResponseFactory(administration=pre, learner=enrollments[0].learner)
    client.force_login(director)

    with django_assert_num_queries(4):
        response = client.get(f"/administrations/{pre.pk}/completion/")

    completion = response.context["completion"]
    assert completion.counts == {"draft": 1, **({"not_started": rows - 1} if rows > 1 else {})}
    assert completion.response_rate == 0.0


def test_completion_counts_and_rates(client, director, pre):
    program = pre.instrument.program
    learners = [EnrollmentFactory(program=program).learner for _ in range(4)]
    ResponseFactory(
        administration=pre, learner=learners[0], status="submitted", submitted_at=timezone.now()
    )
    ResponseFactory(administration=pre, learner=learners[1])
    client.force_login(director)

    completion = client.get(f"/administrations/{pre.pk}/completion/").context["completion"]

    assert completion.counts == {"submitted": 1, "draft": 1, "not_started": 2}
    assert (completion.total, completion.response_rate) == (4, 25.0)


def test_completion_rows_link_started_responses_with_their_status_and_last_activity(
    client, director, pre
):
    program = pre.instrument.program
    ana, ben, _cy = (
        EnrollmentFactory(program=program, learner__first_name=first, learner__last_name=last)
        for first, last in (("Ana", "Adams"), ("Ben", "Baker"), ("Cy", "Cruz"))
    )
    evening = datetime(2026, 11, 26, 23, 5, tzinfo=UTC)  # 18:05 in New York
    ResponseFactory(
        administration=pre,
        learner=ana.learner,
        status="submitted",
        submitted_at=evening,
        updated_at=evening,
    )
    a_month_before = evening - timedelta(days=30)
    ResponseFactory(administration=pre, learner=ben.learner, updated_at=a_month_before)
    client.force_login(director)

    rows = client.get(f"/administrations/{pre.pk}/completion/").context["rows"]

    detail = f"/administrations/{pre.pk}/responses"
    assert [(r["full_name"], r["url"], r["status"], r["last_activity"]) for r in rows] == [
        ("Ana Adams", f"{detail}/{ana.learner.pk}/", "Submitted", "26 Nov 18:05"),
        ("Ben Baker", f"{detail}/{ben.learner.pk}/", "Draft", "27 Oct 19:05"),
        ("Cy Cruz", "", "Not started", ""),
    ]


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process even when CI configures a broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_send_reminders_reaches_non_respondents_only_once_a_day(
    client, director, pre, django_capture_on_commit_callbacks, eager_celery
):
    program = pre.instrument.program
    done, waiting = (
        EnrollmentFactory(program=program, learner__user=UserFactory()).learner for _ in range(2)
    )
    ResponseFactory(
        administration=pre, learner=done, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/administrations/{pre.pk}/remind/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/administrations/{pre.pk}/remind/")

    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    assert Notification.objects.get().learner == waiting


def test_the_director_reads_a_learners_answers(client, director, pre):
    learner = EnrollmentFactory(program=pre.instrument.program).learner
    ResponseFactory(administration=pre, learner=learner)
    item = pre.instrument.items.filter(kind="attitude").first()
    pre.responses.get().answers.create(item=item, value=2, score=2, answered_at=timezone.now())
    client.force_login(director)

    page = client.get(f"/administrations/{pre.pk}/responses/{learner.pk}/")

    assert [(a.item, a.value) for a in page.context["answers"]] == [(item, 2)]


@pytest.fixture
def evaluated(program):
    """Two sessions; the first has one evaluation with a comment."""
    sessions = [SeminarSessionFactory(program=program, status="published") for _ in range(2)]
    learner = EnrollmentFactory(
        program=program, learner__first_name="Ana", learner__last_name="Cruz"
    ).learner
    SessionEvaluation.objects.create(
        session=sessions[0],
        learner=learner,
        overall=5,
        relevance=4,
        changed_view=3,
        comment="Eye-opening.",
        submitted_at=timezone.now(),
    )
    return sessions


@pytest.mark.parametrize(("anonymous", "who"), [(False, "Ana Cruz"), (True, "Anonymous")])
def test_session_evaluations_are_shown_unlinked_when_the_program_says_so(
    client, director, program, evaluated, anonymous, who
):
    EvaluationSettings.objects.create(program=program, is_anonymous_to_directors=anonymous)
    client.force_login(director)

    page = client.get(f"/programs/{program.slug}/evaluations/")

    first, second = page.context["summaries"]
    assert (first.count, first.overall, first.relevance, first.changed_view) == (1, 5.0, 4.0, 3.0)
    assert first.comments == [(who, "Eye-opening.")]
    assert (second.count, second.overall, second.comments) == (0, None, [])
    assert ("Ana Cruz" in page.content.decode()) is not anonymous


def test_the_director_sets_the_evaluation_window_and_anonymity(client, director, program):
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/evaluations/",
        {"session_open_days": "10", "is_anonymous_to_directors": "on"},
    )

    settings = EvaluationSettings.objects.get(program=program)
    assert (settings.session_open_days, settings.is_anonymous_to_directors) == (10, True)


@pytest.mark.parametrize("rows", [1, 10])
def test_program_evaluations_use_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    learner = EnrollmentFactory(program=program).learner
    for _ in range(rows):
        session = SeminarSessionFactory(program=program, status="published")
        SessionEvaluation.objects.create(
            session=session,
            learner=learner,
            overall=4,
            relevance=4,
            changed_view=4,
            comment="Good.",
            submitted_at=timezone.now(),
        )
    client.force_login(director)

    # 13 + the audit of reading named comments (settings, savepoint, insert, release)
    with django_assert_num_queries(12):
        page = client.get(f"/programs/{program.slug}/evaluations/")

    assert len(page.context["summaries"]) == rows


def test_the_director_reads_the_end_of_course_evaluations(client, director, program):
    for overall, topics in [(5, "Medicaid managed care"), (4, "")]:
        CourseEvaluation.objects.create(
            program=program,
            learner=EnrollmentFactory(program=program).learner,
            overall=overall,
            most_valuable="Site visits",
            topics_to_add=topics,
            submitted_at=timezone.now(),
        )
    client.force_login(director)

    course = client.get(f"/programs/{program.slug}/evaluations/").context["course"]

    assert (course.count, course.overall, course.topics_to_add) == (
        2,
        4.5,
        ["Medicaid managed care"],
    )
    assert (course.most_valuable, course.least_valuable) == (["Site visits"] * 2, [])


@pytest.mark.parametrize("rows", [1, 10])
def test_director_list_pages_use_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    instrument = build_instrument(program, knowledge=rows, attitude=rows, free_text=rows)
    for _ in range(rows - 1):
        build_instrument(program, knowledge=1, attitude=0, free_text=0)
    pre = AdministrationFactory(instrument=instrument)
    learner = EnrollmentFactory(program=program).learner
    response = ResponseFactory(administration=pre, learner=learner)
    for item in instrument.items.all():
        response.answers.create(item=item, text="x", answered_at=timezone.now())
    client.force_login(director)

    with django_assert_num_queries(5):
        listing = client.get(f"/programs/{program.slug}/instruments/")
    with django_assert_num_queries(10):
        builder = client.get(f"/instruments/{instrument.pk}/")
    with django_assert_num_queries(7):  # 9 + the audit event (savepoint, insert, release)
        detail = client.get(f"/administrations/{pre.pk}/responses/{learner.pk}/")

    assert len(listing.context["instruments"]) == rows
    assert len(builder.context["items"]) == 3 * rows
    assert len(detail.context["answers"]) == 3 * rows


def test_program_home_shows_each_administration_with_its_response_rate(
    client, director, program, pre
):
    post = AdministrationFactory(
        instrument=pre.instrument,
        kind="post",
        opens_at=timezone.now() + timedelta(days=20),
        closes_at=timezone.now() + timedelta(days=30),
    )
    enrollments = EnrollmentFactory.create_batch(4, program=program)
    ResponseFactory(
        administration=pre,
        learner=enrollments[0].learner,
        status="submitted",
        submitted_at=timezone.now(),
    )
    ResponseFactory(administration=pre, learner=enrollments[1].learner, status="draft")
    client.force_login(director)

    page = client.get(f"/programs/{program.slug}/").content.decode()

    opens, closes = (timezone.localtime(pre.opens_at), timezone.localtime(pre.closes_at))
    assert (
        f"Pre-assessment ({opens:%-d %b} – {closes:%-d %b %Y}, open now): "
        "<strong>1</strong> of 4 responded (25 %)"
    ) in page
    assert f"/administrations/{post.pk}/completion/" in page
    assert "not open yet): <strong>0</strong> of 4 responded (0 %)" in page


def test_completion_tells_residents_with_the_same_name_apart(client, director, pre):
    program = pre.instrument.program
    for residency in ("Psychiatry", "Pediatrics"):
        EnrollmentFactory(
            program=program,
            learner__first_name="Kira",
            learner__last_name="Baker",
            learner__pgy_level=2,
            learner__residency_program=residency,
        )
    client.force_login(director)

    html = client.get(f"/administrations/{pre.pk}/completion/").content.decode()

    details = re.findall(r'Kira Baker <span class="muted">\((.*?)\)</span>', html)
    assert sorted(details) == ["PGY-2, Pediatrics", "PGY-2, Psychiatry"]


# --- Hostile input (finding 5 of the hardening issue): a message, never a 500 ----------------


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            "knowledge,Q\x00,,,,,,,,a,b,c,,,,1",
            "Row 2: The text: " + UNSTORABLE_MESSAGE,
        ),
        (
            f"knowledge,Q,{'t' * 121},,,,,,,a,b,c,,,,1",
            "Row 2: The topic is 121 characters long; at most 120.",
        ),
        (
            f"knowledge,Q,,,,,,,,{'o' * 501},b,c,,,,1",
            "Row 2: The option 1 is 501 characters long; at most 500.",
        ),
    ],
)
def test_an_instrument_csv_with_a_nul_or_an_overlong_cell_gets_a_message(
    client, director, instrument, row, error
):
    header = (
        "kind,text,topic,explanation,subscale,reverse_scored,required,retrospective,"
        "scale_labels,option_1,option_2,option_3,option_4,option_5,option_6,correct_option"
    )
    client.force_login(director)
    items = Item.objects.count()

    response = client.post(
        f"/instruments/{instrument.pk}/import/",
        {"file": SimpleUploadedFile("items.csv", f"{header}\n{row}\n".encode())},
        follow=True,
    )

    assert response.status_code in (200, 422)
    assert error in response.content.decode()
    assert Item.objects.count() == items
