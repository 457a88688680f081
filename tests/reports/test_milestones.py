"""SBP milestone evidence per learner (reports/milestones.py): the figures, the evidence PDF and
the certificate read back with pdftotext, the learner's own downloads, the bulk CSV and the zip
of PDFs rendered by the report worker."""

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from assessments.models import Administration, ComparisonMember, Response
from assessments.selectors.due import learner_programs
from reports import services
from reports.milestones import CSV_COLUMNS, evidence_for, own_enrollments, progress_for
from reports.models import ReportRun
from reports.rendering import render_certificate_pdf, render_evidence_pdf
from rotation.models import Attendance, Enrollment, SeminarSession
from rotation.selectors.learner import enrolled_programs_of, enrollments_of, program_sessions_of
from tests.assessments.factories import AdministrationFactory, InstrumentFactory
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    ProgramFactory,
    SeminarSessionFactory,
    TopicFactory,
    UserFactory,
)
from tests.pdf import page_count, pdf_words

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


class World:
    pass


def respond(administration, learner, correct, *, on):
    return Response.objects.create(
        administration=administration,
        learner=learner,
        status=Response.Status.SUBMITTED,
        started_at=on,
        updated_at=on,
        submitted_at=on,
        knowledge_correct=correct,
        knowledge_total=10,
    )


@pytest.fixture
def world(director):
    """One program of 2026-2027 with three published sessions (2 h SBP1, 1.5 h SBP2+SBP3, 1 h
    untagged) and a cancelled one; Ana and Ben of Internal Medicine, four Pediatrics learners;
    pre and post knowledge scores out of 10; a comparison-group member who is no cohort."""
    w = World()
    w.director = director
    w.program = ProgramFactory(
        slug="sbp-2026", name="Health Systems", academic_year="2026-2027", directors=[director]
    )
    safety = TopicFactory(program=w.program, sbp_competencies=["SBP1"])
    systems = TopicFactory(program=w.program, sbp_competencies=["SBP2", "SBP3"])
    start = NOW - 10 * DAY

    def session(offset, hours, topic=None, **fields):
        starts_at = start + offset * DAY
        return SeminarSessionFactory(
            program=w.program,
            topic=topic,
            title=fields.pop("title", f"Session {offset}"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            status=fields.pop("status", SeminarSession.Status.PUBLISHED),
            **fields,
        )

    w.sessions = [
        session(0, 2, safety, title="Patient safety events"),
        session(1, 1.5, systems, title="How health plans pay"),
        session(2, 1),
    ]
    session(3, 3, safety, status=SeminarSession.Status.CANCELLED)
    w.ana = LearnerFactory(
        first_name="Ana", last_name="Alvarez", email="ana@example.org", external_id="MH-1"
    )
    w.ben = LearnerFactory(first_name="Ben", last_name="Brown", email="ben@example.org")
    w.ana.user = UserFactory(email="ana@example.org")
    w.ben.user = UserFactory(email="ben@example.org")
    w.ana.save()
    w.ben.save()
    cohort = [LearnerFactory(residency_program="Pediatrics") for _ in range(4)]
    for learner in [w.ana, w.ben, *cohort]:
        EnrollmentFactory(program=w.program, learner=learner)
    for session_, learners in zip(
        w.sessions, [[w.ana, w.ben], [w.ana, w.ben], [w.ben]], strict=True
    ):
        for learner in learners:
            Attendance.objects.create(session=session_, learner=learner, status="present")
    Attendance.objects.create(session=w.sessions[2], learner=w.ana, status="absent")
    instrument = InstrumentFactory(program=w.program)
    pre = AdministrationFactory(instrument=instrument, kind=Administration.Kind.PRE)
    post = AdministrationFactory(instrument=instrument, kind=Administration.Kind.POST)
    for learner, correct in zip([w.ana, w.ben, *cohort], [4, 6, 5, 7, 3, 8], strict=True):
        respond(pre, learner, correct, on=start - DAY)
    for learner, correct in zip([w.ben, *cohort], [9, 7, 8, 6, 9], strict=True):
        respond(post, learner, correct, on=NOW - 2 * DAY)
    outsider = LearnerFactory(residency_program="Internal Medicine")
    ComparisonMember.objects.create(program=w.program, learner=outsider, added_at=start)
    respond(pre, outsider, 0, on=start)
    return w


def evidence_of(learner):
    return evidence_for(enrollments=list(own_enrollments(learner=learner)))[0]


def test_hours_per_sub_competency_scores_against_the_cohort_and_completion(world):
    ben = evidence_of(world.ben)

    assert [(row.code, row.sessions, row.hours) for row in ben.competencies] == [
        ("SBP1", 1, Decimal("2.00")),
        ("SBP2", 1, Decimal("1.50")),
        ("SBP3", 1, Decimal("1.50")),
    ]
    assert (ben.hours_attended, ben.hours_scheduled, ben.sessions_scheduled) == (
        Decimal("4.50"),
        Decimal("4.50"),
        3,
    )
    # The cohort is the six enrolled learners: the comparison group's 0/10 is not in it.
    pre, post = ben.score("pre"), ben.score("post")
    assert (pre.percent, pre.cohort_n, pre.cohort_mean) == (60.0, 6, 55.0)
    assert pre.percentile == pytest.approx(100 * 3.5 / 6)
    assert (post.percent, post.cohort_n, post.cohort_mean, post.percentile) == (90.0, 5, 78.0, 80.0)
    assert ben.score("follow_up_3").cohort_n == 0
    # Completed: present 4.5 of 4.5 hours and the post taken, on the day of the post.
    assert (ben.is_completed, ben.completed_on) == (True, date(2026, 11, 23))


def test_below_the_attendance_threshold_or_without_the_post_is_not_completed(world):
    ana = evidence_of(world.ana)

    # 3.5 of 4.5 hours is 78 %, under 80 %; and no post either.
    assert (ana.hours_attended, ana.is_completed, ana.completed_on) == (
        Decimal("3.50"),
        False,
        None,
    )
    assert (ana.score("post").percent, ana.score("post").cohort_mean) == (None, 78.0)
    Attendance.objects.filter(learner=world.ana, session=world.sessions[2]).update(status="present")
    assert evidence_of(world.ana).is_completed is False  # 100 % present, but no post


def test_a_withdrawn_learner_has_not_completed(world):
    Enrollment.objects.filter(learner=world.ben).update(status=Enrollment.Status.WITHDRAWN)

    assert evidence_of(world.ben).is_completed is False


def test_cohort_figures_are_suppressed_below_five_learners(world):
    Response.objects.filter(administration__kind="post").exclude(learner=world.ben).first().delete()

    post = evidence_of(world.ben).score("post")

    assert (post.percent, post.cohort_n, post.cohort_mean, post.percentile) == (90.0, 4, None, None)


def test_the_evidence_pdf_is_one_page_and_reads_back_the_figures(world):
    pdf = render_evidence_pdf(evidence_of(world.ben))
    words = pdf_words(pdf)

    assert page_count(pdf) == 1
    assert "Milestone evidence · Ben Brown · Health Systems" in words
    assert (
        "Completed on Nov. 23, 2026. Present for 4.5 of 4.5 hours (100 %) in 3 of 3 sessions"
        in (words)
    )
    assert "SBP1 Patient safety and quality patient safety events, quality improvement 1 2" in words
    assert "Pre-assessment 60.0 % 55.0 % 6 58" in words
    assert "Post-assessment 90.0 % 78.0 % 5 80" in words
    assert "Nov. 16, 2026 How health plans pay SBP2, SBP3 1.5" in words
    # No other learner is named.
    assert "Ana" not in words
    assert "Alvarez" not in words


def test_the_certificate_states_the_rule_and_the_date(world):
    evidence = evidence_of(world.ben)

    words = pdf_words(render_certificate_pdf(evidence, directors=["Diane Director"]))

    assert "This certifies that Ben Brown" in words
    assert "completed Health Systems" in words
    assert "Completed on Nov. 23, 2026" in words
    assert (
        "Completion means present for at least 80 % of the hours of the program's published "
        "sessions, and the post-assessment submitted." in words
    )


# --- The learner's own downloads -------------------------------------------------------------


def own_url(kind, learner):
    return f"/my-rotation/{kind}/{own_enrollments(learner=learner).get().pk}.pdf"


def test_a_learner_downloads_their_own_evidence_and_certificate(client, world):
    client.force_login(world.ben.user)

    evidence = client.get(own_url("evidence", world.ben))
    certificate = client.get(own_url("certificate", world.ben))

    assert (evidence.status_code, evidence["Content-Type"]) == (200, "application/pdf")
    assert "Ben Brown" in pdf_words(evidence.content)
    assert (certificate.status_code, certificate["Content-Type"]) == (200, "application/pdf")
    assert "This certifies that Ben Brown" in pdf_words(certificate.content)


def test_another_learners_evidence_is_not_found(client, world):
    client.force_login(world.ana.user)

    assert client.get(own_url("evidence", world.ben)).status_code == 404
    assert client.get(own_url("certificate", world.ben)).status_code == 404


def test_no_certificate_before_completion(client, world):
    client.force_login(world.ana.user)

    assert client.get(own_url("evidence", world.ana)).status_code == 200
    assert client.get(own_url("certificate", world.ana)).status_code == 404


def test_my_rotation_offers_the_evidence_and_the_certificate_once_completed(client, world):
    client.force_login(world.ben.user)

    page = client.get("/my-rotation/").content.decode()

    assert f'href="{own_url("evidence", world.ben)}"' in page
    assert f'href="{own_url("certificate", world.ben)}"' in page
    client.force_login(world.ana.user)
    page = client.get("/my-rotation/").content.decode()
    assert f'href="{own_url("evidence", world.ana)}"' in page
    assert "/my-rotation/certificate/" not in page


def test_my_rotation_reads_the_posts_only_of_programs_where_the_learner_submitted_one(
    world, django_assert_num_queries
):
    # Ana was present throughout too, but submitted no post: only Ben can have completed.
    Attendance.objects.filter(session=world.sessions[2], learner=world.ana).update(status="present")
    shown = []
    for learner, queries in ((world.ben, 1), (world.ana, 0)):
        enrollments = list(enrollments_of(learner=learner))
        sessions = program_sessions_of(learner=learner, enrollments=enrollments)
        mine = learner_programs(learner=learner, programs=enrolled_programs_of(enrollments))
        posted = {p.program.pk for p in mine if p.has_submitted_post}

        with django_assert_num_queries(queries):
            known = progress_for(
                learner=learner, enrollments=enrollments, sessions=sessions, posted=posted
            )

        assert known == progress_for(learner=learner, enrollments=enrollments, sessions=sessions)
        shown.append([(row.hours_attended, row.is_completed) for row in known])
    assert shown == [[(Decimal("4.50"), True)], [(Decimal("4.50"), False)]]


# --- The bulk CSV ----------------------------------------------------------------------------


CSV = "/exports/milestones/evidence.csv?academic_year=2026-2027&residency_program="


def read_csv(response) -> list[list[str]]:
    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_has_the_documented_columns_and_one_row_per_learner(client, world):
    client.force_login(world.director)

    rows = read_csv(client.get(CSV + "Internal+Medicine"))

    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1:] == [
        [
            "ana@example.org", "MH-1", "Alvarez", "Ana", "Internal Medicine", "2", "sbp-2026",
            "Health Systems", "2026-2027", "enrolled", "2.00", "1", "1.50", "1", "1.50", "1",
            "3.50", "4.50", "40.0", "", "", "", "", "no", "",
        ],
        [
            "ben@example.org", "", "Brown", "Ben", "Internal Medicine", "2", "sbp-2026",
            "Health Systems", "2026-2027", "enrolled", "2.00", "1", "1.50", "1", "1.50", "1",
            "4.50", "4.50", "60.0", "90.0", "", "", "", "yes", "2026-11-23",
        ],
    ]  # fmt: skip


def test_csv_cells_a_spreadsheet_would_run_are_made_safe(client, world):
    world.ana.first_name = '=HYPERLINK("http://evil.example")'
    world.ana.save()
    client.force_login(world.director)

    rows = read_csv(client.get(CSV + "Internal+Medicine"))

    assert rows[1][3] == '\'=HYPERLINK("http://evil.example")'


def test_the_csv_covers_only_the_programs_the_director_directs(client, world):
    other = UserFactory()
    ProgramFactory(directors=[other], academic_year="2026-2027")
    client.force_login(other)

    assert read_csv(client.get(CSV)) == [list(CSV_COLUMNS)]


def test_a_bad_choice_gets_the_form_again_with_its_error(client, world):
    client.force_login(world.director)

    response = client.get("/exports/milestones/evidence.csv?academic_year=1999-2000")

    assert response.status_code == 400
    assert "Select a valid choice. 1999-2000 is not one of the available choices." in (
        response.content.decode()
    )


@pytest.mark.parametrize("learners", [1, 6])
def test_the_csv_reads_in_a_constant_number_of_queries(
    client, director, learners, django_assert_num_queries
):
    program = ProgramFactory(directors=[director], academic_year="2026-2027")
    topic = TopicFactory(program=program, sbp_competencies=["SBP1"])
    sessions = [SeminarSessionFactory(program=program, topic=topic, status="published")]
    pre = AdministrationFactory(instrument=InstrumentFactory(program=program))
    for _ in range(learners):
        learner = LearnerFactory()
        EnrollmentFactory(program=program, learner=learner)
        Attendance.objects.create(session=sessions[0], learner=learner, status="present")
        respond(pre, learner, 5, on=NOW)
    client.force_login(director)

    # session, user, the director rule, 2 export choices, then the evidence: enrollments,
    # sessions, attendance, instruments, responses
    with django_assert_num_queries(9):
        rows = read_csv(client.get(CSV))

    assert len(rows) == learners + 1


# --- The zip of evidence PDFs, rendered by the report worker ---------------------------------


def test_the_worker_zips_one_safely_named_pdf_per_learner(world):
    world.ana.last_name = "../O'Brien"
    world.ana.save()
    run = services.request_milestone_zip(
        user=world.director, academic_year="2026-2027", residency_program="Internal Medicine"
    )

    run = services.run_report(run_id=run.pk)

    assert (run.status, run.progress, run.error) == ("done", 100, "")
    with run.file.open("rb") as file, zipfile.ZipFile(file) as archive:
        names = sorted(archive.namelist())
        pdfs = {name: archive.read(name) for name in names}
    ana, ben = (Enrollment.objects.get(learner=learner).pk for learner in (world.ana, world.ben))
    assert names == [
        f"brown-ben-sbp-2026-{ben}-milestone-evidence.pdf",
        f"obrien-ana-sbp-2026-{ana}-milestone-evidence.pdf",
    ]
    assert all(re.fullmatch(r"[a-z0-9-]+\.pdf", name) for name in names)
    assert "Ben Brown" in pdf_words(pdfs[names[0]])
    assert all(page_count(pdf) == 1 for pdf in pdfs.values())


def test_a_zip_with_no_learner_fails_with_a_reason(world):
    run = services.request_milestone_zip(
        user=world.director, academic_year="2026-2027", residency_program="Surgery"
    )

    run = services.run_report(run_id=run.pk)

    assert (run.status, run.error) == (
        "failed",
        "ValueError: There is no learner of that residency program in that academic year.",
    )


def test_the_zip_page_download_and_who_sees_it(client, world):
    client.force_login(world.director)
    response = client.post(
        "/exports/milestones/zips/",
        {"academic_year": "2026-2027", "residency_program": "Internal Medicine"},
    )
    run = ReportRun.objects.get(kind="milestone_evidence")
    assert response.status_code == 302
    assert response["Location"] == f"/exports/milestones/zips/{run.pk}/"
    services.run_report(run_id=run.pk)

    download = client.get(f"/exports/milestones/zips/{run.pk}/download/")
    content = b"".join(download.streaming_content)
    page = client.get("/exports/milestones/").content.decode()

    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "application/zip",
        f'attachment; filename="milestone-evidence-internal-medicine-2026-2027-{run.pk}.zip"',
    )
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 2
    assert f'href="/exports/milestones/zips/{run.pk}/download/"' in page
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"/exports/milestones/zips/{run.pk}/").status_code == 404
