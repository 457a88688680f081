"""Rosters above ROTATION_ROSTER_IMPORT_INLINE_ROWS: validated in the request, imported by a job
whose page shows a progress bar; formula-like names are stored with a warning."""

import pytest
from django.core import mail
from django.core.cache import cache

from audit.models import AuditEvent
from rotation.models import Enrollment, Learner, RosterImport, User
from rotation.services.programs import archive_program
from rotation.services.roster import run_roster_import
from tests.rotation.test_roster import ANA, BEN, HEADER, messages_of, upload

pytestmark = pytest.mark.django_db

CY = "cy@hospital.example.org,Cy,Cruz,Psychiatry,3,Dr. A,pd@hospital.example.org"


@pytest.fixture
def small_threshold(settings):
    settings.ROTATION_ROSTER_IMPORT_INLINE_ROWS = 2


def test_a_long_roster_is_queued_and_imported_by_a_job(
    client, director, program, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n{CY}\n")

    job = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/programs/{program.slug}/learners/import/{job.pk}/"
    assert (job.status, job.progress, job.row_count, job.rows) == ("done", 100, 3, [])
    assert (job.learners_created, job.enrollments_created, job.unchanged) == (3, 3, 0)
    assert Enrollment.objects.filter(program=program).count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana.diaz@hospital.example.org",
        "ben.fox@hospital.example.org",
        "cy@hospital.example.org",
    ]
    assert (
        list(AuditEvent.objects.values_list("action", "actor_label"))
        == [("enrollment.enrolled", "director@example.org")] * 3
    )
    page = client.get(response["Location"])
    assert page.context["summary"] == (
        "Imported 3 rows: 3 newly enrolled (3 new learners, invited by email), 0 already enrolled."
    )
    assert 'hx-trigger="every 1s"' not in page.content.decode()


def test_a_long_roster_with_errors_writes_nothing_and_queues_nothing(
    client, director, program, small_threshold
):
    client.force_login(director)
    bad = CY.replace(",3,", ",9,")

    response = upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n{bad}\n")

    assert response.context["import_errors"] == [
        "Line 4: pgy_level: Ensure this value is less than or equal to 8."
    ]
    assert (RosterImport.objects.count(), Learner.objects.count(), User.objects.count()) == (
        0,
        0,
        1,
    )


def test_the_job_page_polls_and_shows_progress_while_the_job_runs(
    client, director, program, small_threshold
):
    client.force_login(director)
    upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n{CY}\n")  # on-commit task not run
    job = RosterImport.objects.get()
    RosterImport.objects.filter(pk=job.pk).update(status="running", progress=5)
    cache.set(job.progress_cache_key, 55)

    full = client.get(f"/programs/{program.slug}/learners/import/{job.pk}/")
    partial = client.get(
        f"/programs/{program.slug}/learners/import/{job.pk}/", headers={"HX-Request": "true"}
    )

    assert full.context["job"].progress == 55
    assert 'hx-trigger="every 1s"' in full.content.decode()
    assert partial.content.decode().strip().startswith('<div id="import-progress"')
    assert '<progress id="import-bar" max="100" value="55">' in partial.content.decode()
    cache.delete(job.progress_cache_key)


def test_running_a_job_twice_imports_once(client, director, program, small_threshold):
    client.force_login(director)
    upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n{CY}\n")
    job = RosterImport.objects.get()

    first = run_roster_import(import_id=job.pk)
    second = run_roster_import(import_id=job.pk)

    assert (first.status, second.status, second.enrollments_created) == ("done", "done", 3)
    assert AuditEvent.objects.count() == 3
    assert run_roster_import(import_id=job.pk + 1000) is None


def test_a_job_whose_program_was_archived_meanwhile_fails_and_says_why(
    client, director, program, small_threshold
):
    client.force_login(director)
    upload(client, program, f"{HEADER}\n{ANA}\n{BEN}\n{CY}\n")
    archive_program(program=program)

    job = run_roster_import(import_id=RosterImport.objects.get().pk)

    assert (job.status, job.rows) == ("failed", [])
    assert job.error == (
        f"Nothing was imported: {program.name} is archived: it can be read but no longer "
        "changed. Site staff can unarchive it."
    )
    assert Learner.objects.count() == 0


def test_another_programs_import_is_not_found(client, director, program, small_threshold):
    from tests.factories import ProgramFactory

    other = ProgramFactory()
    other.directors.add(director)
    client.force_login(director)
    upload(client, other, f"{HEADER}\n{ANA}\n{BEN}\n{CY}\n")

    response = client.get(
        f"/programs/{program.slug}/learners/import/{RosterImport.objects.get().pk}/"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"])
def test_a_formula_like_name_is_stored_with_a_warning(client, director, program, name):
    client.force_login(director)
    row = ANA.replace(",Ana,", f',"{name}",')

    response = upload(client, program, f"{HEADER}\n{row}\n", follow=True)

    assert messages_of(response) == [
        "Imported 1 row: 1 newly enrolled (1 new learner, invited by email), 0 already enrolled.",
        f"Line 2: first_name “{name}” starts with “{name[0]}”: it is stored as written, and CSV "
        "exports show it with a leading ' so that spreadsheets read it as text, not a formula.",
    ]
    assert Learner.objects.get().first_name == name


def test_the_bulk_import_re_enrolls_a_withdrawn_learner_and_links_an_existing_account(
    director, program
):
    from rotation.services.roster import import_roster
    from tests.factories import EnrollmentFactory, LearnerFactory, UserFactory

    withdrawn = EnrollmentFactory(program=program, status="withdrawn").learner
    account = UserFactory(email="Ben.Fox@hospital.example.org")
    learner = LearnerFactory(email="ben.fox@hospital.example.org", user=None)
    row = {
        "first_name": "X",
        "last_name": "Y",
        "residency_program": "Pediatrics",
        "pgy_level": 1,
        "program_director_name": "Dr. Z",
        "program_director_email": "pd@hospital.example.org",
    }

    outcome = import_roster(
        program=program,
        rows=[{**row, "email": withdrawn.email.upper()}, {**row, "email": learner.email}],
        base_url="http://testserver/",
        actor=director,
    )

    learner.refresh_from_db()
    assert (outcome.learners_created, outcome.enrollments_created, outcome.unchanged) == (0, 2, 0)
    assert learner.user == account
    assert sorted(Enrollment.objects.values_list("learner__email", "status")) == sorted(
        [(withdrawn.email, "enrolled"), (learner.email, "enrolled")]
    )
    assert sorted(AuditEvent.objects.values_list("changes", flat=True), key=str) == [
        {"status": ["withdrawn", "enrolled"]},
        {"status": [None, "enrolled"]},
    ]
