"""A faculty member's feedback PDF: own sessions only, aggregated, nothing under five; a report
run rendered by the same task as the course evaluation, read and downloaded only by its
faculty member."""

import re

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners.models import FacultyMember
from reports import services
from reports.models import ReportRun
from reports.selectors import faculty_feedback
from tests.factories import FacultyMemberFactory, ProgramFactory, UserFactory
from tests.pdf import pdf_words
from tests.reports.seeding import seed_course

LIST = reverse("reports:faculty_feedback")


@pytest.fixture
def seeded(db):
    return seed_course(ProgramFactory(), learners=6)


@pytest.fixture
def ada(seeded):
    """The faculty member who taught "Health plans" (6 evaluations), with an account."""
    member = seeded.faculty[0]
    member.user = UserFactory(email="ada@example.org")
    member.save()
    return member


def done_run(member):
    run = ReportRun.objects.create(kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=member)
    run.file.save("faculty_feedback.pdf", ContentFile(b"%PDF-1.7 feedback"), save=False)
    run.status = ReportRun.Status.DONE
    run.save()
    return run


def run_urls(run):
    return [
        ("get", reverse("reports:faculty_feedback_run", args=[run.pk])),
        ("post", reverse("reports:faculty_feedback_retry", args=[run.pk])),
        ("get", reverse("reports:faculty_feedback_download", args=[run.pk])),
    ]


def status_codes(client, urls):
    codes = []
    for method, url in urls:
        response = getattr(client, method)(url)
        if response.streaming:
            b"".join(response.streaming_content)  # closes the file
        codes.append(response.status_code)
    return codes


def test_feedback_of_ada_shows_her_session_only(seeded):
    feedback = faculty_feedback(faculty_member=seeded.faculty[0])

    assert [row.title for row in feedback.sessions] == ["Health plans"]
    assert feedback.sessions[0].overall.mean == pytest.approx(np.mean([3, 4, 5, 3, 4, 5]))
    assert feedback.effectiveness.mean == pytest.approx(4.5)


def test_fewer_than_five_evaluations_show_nothing(seeded):
    feedback = faculty_feedback(faculty_member=seeded.faculty[1])

    assert (feedback.sessions[0].overall.n, feedback.sessions[0].overall.mean) == (2, None)
    assert feedback.effectiveness.suppressed == "fewer than 5 learners"


def test_feedback_uses_a_constant_number_of_queries(seeded, django_assert_num_queries):
    member = FacultyMember.objects.get(pk=seeded.faculty[0].pk)

    with django_assert_num_queries(4):  # sessions, evaluations, own ratings, organization
        faculty_feedback(faculty_member=member)


def test_requesting_queues_a_run_that_renders_her_own_aggregated_feedback(
    client, ada, django_capture_on_commit_callbacks, eager_celery
):
    client.force_login(ada.user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(LIST)
    run = ReportRun.objects.get()
    assert (run.kind, run.faculty_member, run.program, run.status, len(callbacks)) == (
        "faculty_feedback",
        ada,
        None,
        "queued",
        1,
    )
    assert response.url == reverse("reports:faculty_feedback_run", args=[run.pk])

    callbacks[0]()  # the real task, eagerly, with the real WeasyPrint rendering
    run.refresh_from_db()
    download = client.get(reverse("reports:faculty_feedback_download", args=[run.pk]))
    text = pdf_words(b"".join(download.streaming_content), layout=False)

    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert download["Content-Disposition"] == (
        f'attachment; filename="teaching-feedback-{run.pk}.pdf"'
    )
    assert "Your effectiveness as a teacher, all sessions: 4.50 (SD 0.55, n = 6)." in text
    assert "Health plans" in text
    assert "Public agencies" not in text  # Ben's session
    assert "Session remark" not in text  # no learner's words


def test_the_list_and_the_progress_page_show_only_her_own_runs(client, ada, seeded):
    mine = done_run(ada)
    ReportRun.objects.create(kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=seeded.faculty[1])
    client.force_login(ada.user)

    page = client.get(LIST).content.decode()
    progress = client.get(reverse("reports:faculty_feedback_run", args=[mine.pk])).content

    assert re.findall(r'href="/teaching/feedback/reports/(\d+)/(\w*)', page) == [
        (str(mine.pk), ""),
        (str(mine.pk), "download"),
    ]
    assert b"Download the PDF" in progress


def test_another_faculty_member_gets_404_for_her_run(client, ada, seeded):
    run = done_run(ada)
    ben = seeded.faculty[1]
    ben.user = UserFactory(email="ben@example.org")
    ben.save()
    client.force_login(ben.user)

    assert status_codes(client, run_urls(run)) == [404, 404, 404]


@pytest.mark.parametrize("fixture", ["director", "learner_user", "liaison"])
def test_other_roles_cannot_request_or_read_a_faculty_members_run(client, request, ada, fixture):
    run = done_run(ada)
    urls = [("get", LIST), ("post", LIST), *run_urls(run)]
    assert set(status_codes(client, urls)) == {302}  # anonymous: sign in first
    client.force_login(request.getfixturevalue(fixture))

    assert status_codes(client, urls) == [403] * 5
    assert ReportRun.objects.count() == 1


def test_a_director_cannot_reach_it_through_a_program_either(client, ada, seeded):
    run = done_run(ada)
    director = UserFactory(email="director-of-ada@example.org")
    seeded.program.directors.add(director)
    client.force_login(director)

    response = client.get(reverse("reports:download", args=[seeded.program.slug, run.pk]))

    assert response.status_code == 404


def test_a_failed_run_can_be_retried_by_her(
    client, ada, monkeypatch, django_capture_on_commit_callbacks, eager_celery
):
    def broken(run, progress):
        raise RuntimeError("fonts missing")

    monkeypatch.setitem(services.BUILDERS, ReportRun.Kind.FACULTY_FEEDBACK, broken)
    run = services.run_report(
        run_id=ReportRun.objects.create(kind=ReportRun.Kind.FACULTY_FEEDBACK, faculty_member=ada).pk
    )
    client.force_login(ada.user)
    page = client.get(reverse("reports:faculty_feedback_run", args=[run.pk])).content.decode()
    assert "The report could not be prepared: RuntimeError: fonts missing" in page

    monkeypatch.setitem(
        services.BUILDERS, ReportRun.Kind.FACULTY_FEEDBACK, lambda run, progress: b"%PDF-ok"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:faculty_feedback_retry", args=[run.pk]))
    run.refresh_from_db()

    assert (run.status, run.error, run.attempts) == ("done", "", 2)


def test_a_run_names_exactly_one_subject(db, program):
    member = FacultyMemberFactory()
    for fields in (
        {"kind": "faculty_feedback", "program": program, "faculty_member": member},
        {"kind": "faculty_feedback"},
        {"kind": "course_evaluation", "faculty_member": member},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReportRun.objects.create(**fields)
