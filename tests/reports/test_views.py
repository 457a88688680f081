"""The director's report pages: who may see what, requesting, progress, download, retry."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import ReportRun
from tests.factories import ProgramFactory, UserFactory


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering replaced by a few bytes, reporting progress as the real one does."""

    def build(run, progress):
        progress(50)
        return b"%PDF-1.7 fake"

    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, build)


@pytest.fixture
def done_run(program, director, fake_pdf):
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION, program=program, requested_by=director
    )
    return services.run_report(run_id=run.pk)


@pytest.fixture
def urls(program, done_run):
    slug, pk = program.slug, done_run.pk
    return [
        ("get", reverse("reports:list", args=[slug])),
        ("post", reverse("reports:list", args=[slug])),
        ("get", reverse("reports:course_evaluation", args=[slug])),
        ("get", reverse("reports:run", args=[slug, pk])),
        ("post", reverse("reports:retry", args=[slug, pk])),
        ("get", reverse("reports:download", args=[slug, pk])),
    ]


def close_file(response):
    """A download keeps its file open until its content is read: the test client closes the
    response (and the file) at the end of the content."""
    if response.streaming:
        b"".join(response.streaming_content)


def statuses(client, urls):
    codes = {}
    for method, url in urls:
        response = getattr(client, method)(url)
        close_file(response)
        codes[url] = response.status_code
    return codes


def test_anonymous_users_are_sent_to_sign_in(client, urls):
    assert set(statuses(client, urls).values()) == {302}
    assert ReportRun.objects.count() == 1


@pytest.mark.parametrize("fixture", ["learner_user", "faculty_user", "liaison"])
def test_other_roles_are_forbidden(client, request, urls, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert set(statuses(client, urls).values()) == {403}
    assert ReportRun.objects.count() == 1


def test_another_programs_director_gets_404(client, urls):
    other = UserFactory(email="other-director@example.org")
    ProgramFactory(directors=[other])
    client.force_login(other)

    assert set(statuses(client, urls).values()) == {404}
    assert ReportRun.objects.count() == 1


def test_a_run_is_reached_only_through_its_own_program(client, director, done_run):
    second = ProgramFactory(directors=[director])
    client.force_login(director)

    response = client.get(reverse("reports:download", args=[second.slug, done_run.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("fixture", ["director", "staff_user"])
def test_directors_and_staff_see_every_page(client, request, urls, fixture):
    client.force_login(request.getfixturevalue(fixture))
    pages = [(method, url) for method, url in urls if method == "get"]

    assert set(statuses(client, pages).values()) == {200}


def test_download_sends_the_file_under_the_programs_name(client, director, program, done_run):
    client.force_login(director)

    response = client.get(reverse("reports:download", args=[program.slug, done_run.pk]))

    assert b"".join(response.streaming_content) == b"%PDF-1.7 fake"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{program.slug}-course-evaluation-{done_run.pk}.pdf"'
    )
    assert done_run.file.name.startswith("reports/")
    assert program.slug not in done_run.file.name


def test_requesting_queues_on_commit_and_the_task_renders_the_pdf(
    client, director, program, django_capture_on_commit_callbacks, eager_celery
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:list", args=[program.slug]))
    run = ReportRun.objects.get()
    assert (run.status, run.requested_by, len(callbacks)) == ("queued", director, 1)
    assert response.url == reverse("reports:run", args=[program.slug, run.pk])

    callbacks[0]()  # the real task, eagerly, with the real WeasyPrint rendering
    run.refresh_from_db()

    assert (run.status, run.progress, run.attempts, run.error) == ("done", 100, 1, "")
    with run.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert run.seconds > 0
    page = client.get(response.url)
    assert list(page.context["messages"]) == []
    assert "Ready (rendered in" in page.content.decode()


def test_the_progress_partial_polls_until_the_run_is_finished(client, director, program):
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION,
        program=program,
        status=ReportRun.Status.RUNNING,
        progress=40,
    )
    client.force_login(director)
    url = reverse("reports:run", args=[program.slug, run.pk])

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert partial.lstrip().startswith('<div id="report-progress"')
    assert 'hx-trigger="every 1s"' in partial
    assert '<progress id="report-bar" max="100" value="40">' in partial
    run.status = ReportRun.Status.DONE
    run.save()
    assert "hx-trigger" not in client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_a_failed_run_shows_its_reason_and_can_be_retried(
    client, director, program, monkeypatch, django_capture_on_commit_callbacks, eager_celery
):
    def broken(run, progress):
        raise ValueError("the instrument has no items")

    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, broken)
    run = ReportRun.objects.create(kind=ReportRun.Kind.COURSE_EVALUATION, program=program)
    services.run_report(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", "ValueError: the instrument has no items")
    client.force_login(director)
    page = client.get(reverse("reports:run", args=[program.slug, run.pk])).content.decode()
    assert "The report could not be prepared: ValueError: the instrument has no items" in page

    monkeypatch.setitem(
        services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, lambda run, progress: b"%PDF-ok"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:retry", args=[program.slug, run.pk]))
    run.refresh_from_db()

    assert (run.status, run.error, run.attempts) == ("done", "", 2)
    assert ReportRun.objects.count() == 1


def test_a_finished_run_is_not_rendered_again(done_run, monkeypatch):
    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.COURSE_EVALUATION, None)

    again = services.run_report(run_id=done_run.pk)

    assert (again.status, again.attempts, again.file.name) == ("done", 1, done_run.file.name)


def test_a_missing_run_is_ignored(db):
    assert services.run_report(run_id=987654) is None


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_uses_a_constant_number_of_queries(
    client, director, program, django_assert_num_queries, rows
):
    ReportRun.objects.bulk_create(
        ReportRun(kind=ReportRun.Kind.COURSE_EVALUATION, program=program, requested_by=director)
        for _ in range(rows)
    )
    client.force_login(director)

    with django_assert_num_queries(4):
        response = client.get(reverse("reports:list", args=[program.slug]))

    assert response.content.decode().count("Course evaluation (PDF)</a>") == rows


def test_the_web_view_shows_the_reports_figures_and_charts(client, director, program):
    from tests.reports.seeding import seed_course

    seed_course(program, learners=12)
    client.force_login(director)

    page = client.get(reverse("reports:course_evaluation", args=[program.slug])).content.decode()

    assert "Mean knowledge rose from 25 % to 62 % (paired t(11) = 9.9, p &lt; 0.001" in page
    assert page.count("<svg ") == 4  # slope plot, item facility, attitudes, sessions
    assert "Comment 2" in page
