"""The REST endpoints: exact payloads, the pages' rules (404 for another's program, 403 for a
role that has no such page), services' refusals as 400s, and constant query counts."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from api.throttling import TokenRateThrottle
from assessments.models import Administration
from audit.models import AuditEvent
from reports.models import ReportRun
from rotation.models import Attendance, Enrollment, ProgramPartner
from rotation.services.programs import ProgramArchived, archive_program
from tests.api.conftest import bearer, token_for
from tests.assessments.factories import build_instrument
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
)
from tests.reports.seeding import seed_course


def build_programs(w, n):
    for _ in range(n - 1):
        ProgramFactory(directors=[w.director])


def build_topics(w, n):
    TopicFactory.create_batch(n, program=w.program)


def build_sessions(w, n):
    for _ in range(n):
        SessionFacultyFactory(session=SeminarSessionFactory(program=w.program))


def build_rooms(w, n):
    MeetingRoomFactory.create_batch(n)


def build_organizations(w, n):
    for _ in range(n):
        ProgramPartner.objects.create(
            program=w.program, organization=OrganizationFactory(), role="host_content"
        )


def build_organization_rooms(w, n):
    organization = OrganizationFactory(slug="keystone")
    ProgramPartner.objects.create(program=w.program, organization=organization, role="host")
    for _ in range(n):
        MeetingRoomFactory(site__organization=organization)


def build_enrollments(w, n):
    EnrollmentFactory.create_batch(n, program=w.program)


def build_attendance(w, n):
    session = SeminarSessionFactory(program=w.program, pk=900)
    for enrollment in EnrollmentFactory.create_batch(n, program=w.program):
        Attendance.objects.create(session=session, learner=enrollment.learner, status="present")


def build_administrations(w, n):
    for _ in range(n):
        Administration.objects.create(
            instrument=build_instrument(w.program, knowledge=1, attitude=0, free_text=0),
            kind="pre",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=7),
        )


def build_responses(w, n):
    seed_course(w.program, learners=n)


def build_reports(w, n):
    for _ in range(n):
        ReportRun.objects.create(kind="course_evaluation", program=w.program, status="done")


LISTS = {
    "programs": ("/api/programs/", build_programs),
    "topics": ("/api/programs/{slug}/topics/", build_topics),
    "sessions": ("/api/programs/{slug}/sessions/", build_sessions),
    "rooms": ("/api/programs/{slug}/rooms/", build_rooms),
    "organizations": ("/api/organizations/", build_organizations),
    "organization_rooms": ("/api/organizations/keystone/rooms/", build_organization_rooms),
    "enrollments": ("/api/programs/{slug}/enrollments/", build_enrollments),
    "attendance": ("/api/programs/{slug}/sessions/900/attendance/", build_attendance),
    "administrations": ("/api/programs/{slug}/administrations/", build_administrations),
    "responses": ("/api/programs/{slug}/responses/", build_responses),
    "reports": ("/api/programs/{slug}/reports/", build_reports),
}
# Token, user, permission, program and the list's own queries (and its count for the pager).
QUERIES = {
    "programs": 4,
    "topics": 5,
    "sessions": 6,
    "rooms": 5,
    "organizations": 5,
    "organization_rooms": 6,
    "enrollments": 5,
    "attendance": 7,
    "administrations": 5,
    "responses": 11,  # 10, and whether staff put demographics in the research export
    "reports": 5,
}


@pytest.fixture
def w(director, program):
    return SimpleNamespace(director=director, program=program, key=token_for(director))


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_read_a_constant_number_of_queries(w, name, rows, django_assert_num_queries):
    path, build = LISTS[name]
    build(w, rows)
    client = bearer(w.key)
    url = path.format(slug=w.program.slug)
    client.get(url)  # the token's first use records when it was last used

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.json()["results"]) == (rows if name != "responses" else 2 * rows + 3)


@pytest.mark.parametrize("rows", [1, 5])
def test_a_residents_sessions_read_a_constant_number_of_queries(
    program, rows, django_assert_num_queries
):
    resident = UserFactory()
    EnrollmentFactory(program=program, learner=LearnerFactory(user=resident))
    SeminarSessionFactory.create_batch(rows, program=program, status="published")
    SeminarSessionFactory(program=program, status="draft")
    client = bearer(token_for(resident, scope="read"))
    client.get("/api/me/sessions/")

    with django_assert_num_queries(4):
        response = client.get("/api/me/sessions/")

    assert [session["status"] for session in response.json()["results"]] == ["published"] * rows


def test_a_session_shows_its_room_and_faculty(w):
    session = SeminarSessionFactory(
        program=w.program, title="Paying for quality", status="published", room__name="Boardroom"
    )
    assignment = SessionFacultyFactory(session=session, faculty_member__first_name="Maria")

    response = bearer(w.key).get(f"/api/programs/{w.program.slug}/sessions/{session.pk}/")

    body = response.json()
    assert (body["title"], body["status"], body["program"]) == (
        "Paying for quality",
        "published",
        w.program.slug,
    )
    assert (body["room"]["name"], body["room"]["capacity"]) == ("Boardroom", session.room.capacity)
    assert body["faculty"] == [
        {
            "id": assignment.faculty_member.pk,
            "name": str(assignment.faculty_member),
            "role": "lead",
            "confirmation": assignment.confirmation,
        }
    ]


def test_sessions_filter_by_status_and_date(w):
    first = SeminarSessionFactory(program=w.program, status="published")
    SeminarSessionFactory(program=w.program, status="draft")
    later = SeminarSessionFactory(
        program=w.program,
        status="published",
        starts_at=first.starts_at + timedelta(days=3),
    )
    later.ends_at = later.starts_at + timedelta(hours=1)
    url = f"/api/programs/{w.program.slug}/sessions/"
    client = bearer(w.key)

    published = client.get(url, {"status": "published"}).json()["results"]
    after = client.get(
        url, {"starts_after": timezone.localdate(later.starts_at).isoformat()}
    ).json()["results"]
    bad = client.get(url, {"starts_before": "next week"})

    assert [s["id"] for s in published] == [first.pk, later.pk]
    assert [s["id"] for s in after] == [later.pk]
    assert bad.status_code == 400
    assert bad.json() == {
        "starts_before": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


def test_another_directors_program_is_not_found_and_a_resident_is_refused(w):
    other = ProgramFactory()
    resident = UserFactory()
    LearnerFactory(user=resident)

    mine = bearer(w.key).get(f"/api/programs/{other.slug}/")
    theirs = bearer(token_for(resident)).get(f"/api/programs/{w.program.slug}/")

    assert (mine.status_code, mine.json()) == (404, {"detail": "No such program."})
    assert (theirs.status_code, theirs.json()) == (
        403,
        {"detail": "You do not have permission to use this endpoint."},
    )


def test_no_token_or_a_bad_one_is_401_with_the_reason(w):
    none = Client().get("/api/programs/")
    bad = bearer("mr_0123_wrong").get("/api/programs/")

    assert (none.status_code, none.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )
    assert (bad.status_code, bad.json()) == (401, {"detail": "Invalid API token."})
    assert bad["WWW-Authenticate"] == "Bearer"


ROW = {
    "email": "Alex.Resident@Hospital.example.org",
    "first_name": "Alex",
    "last_name": "Resident",
    "residency_program": "Internal Medicine",
    "pgy_level": 2,
    "program_director_name": "Dr. Pat Director",
    "program_director_email": "pd@hospital.example.org",
}


def test_a_roster_import_enrolls_through_the_service_and_again_changes_nothing(w):
    url = f"/api/programs/{w.program.slug}/roster/"
    client = bearer(w.key)

    first = client.post(url, {"rows": [ROW]}, content_type="application/json")
    again = client.post(url, {"rows": [ROW]}, content_type="application/json")

    assert first.json() == {"learners_created": 1, "enrollments_created": 1, "unchanged": 0}
    assert again.json() == {"learners_created": 0, "enrollments_created": 0, "unchanged": 1}
    enrollment = Enrollment.objects.get()
    assert (enrollment.program, enrollment.learner.email) == (
        w.program,
        "alex.resident@hospital.example.org",
    )
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "actor")) == [
        ("api_token.created", w.director.pk),
        ("enrollment.enrolled", w.director.pk),
    ]


def test_a_bad_roster_row_is_400_naming_row_and_field_and_nothing_is_stored(w):
    rows = [ROW, {**ROW, "email": "second@hospital.example.org", "pgy_level": 9}]

    response = bearer(w.key).post(
        f"/api/programs/{w.program.slug}/roster/", {"rows": rows}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "rows": {"1": {"pgy_level": ["Ensure this value is less than or equal to 8."]}}
    }
    assert Enrollment.objects.count() == 0


def test_an_archived_program_refuses_writes_with_the_services_message(w):
    archive_program(program=w.program)

    response = bearer(w.key).post(
        f"/api/programs/{w.program.slug}/roster/", {"rows": [ROW]}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": ProgramArchived(w.program).messages}
    assert Enrollment.objects.count() == 0


def test_a_read_only_token_cannot_write(w):
    response = bearer(token_for(w.director, scope="read")).post(
        f"/api/programs/{w.program.slug}/roster/", {"rows": [ROW]}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "This token is read-only: make a read-write token to change data."},
    )


def test_attendance_is_read_and_recorded_through_the_service(w):
    session = SeminarSessionFactory(program=w.program, status="published")
    learner = EnrollmentFactory(program=w.program).learner
    stranger = LearnerFactory()
    url = f"/api/programs/{w.program.slug}/sessions/{session.pk}/attendance/"
    client = bearer(w.key)

    before = client.get(url).json()["results"]
    marked = client.post(
        url, {"learner": learner.pk, "status": "present"}, content_type="application/json"
    )
    refused = client.post(
        url, {"learner": stranger.pk, "status": "present"}, content_type="application/json"
    )
    after = client.get(url).json()["results"]

    assert [(row["learner"]["id"], row["status"]) for row in before] == [(learner.pk, "")]
    assert (marked.status_code, marked.json()["status"]) == (200, "present")
    assert (refused.status_code, refused.json()) == (
        400,
        {"learner": ["No learner with this id is enrolled in the program."]},
    )
    assert [(row["learner"]["id"], row["status"]) for row in after] == [(learner.pk, "present")]
    assert AuditEvent.objects.filter(action="attendance.marked").count() == 1


def test_completion_counts_each_enrolled_learner(w):
    seed_course(w.program, learners=2)
    post = Administration.objects.get(instrument__program=w.program, kind="post")

    response = bearer(w.key).get(f"/api/administrations/{post.pk}/completion/")

    body = response.json()
    assert (body["total"], body["counts"]) == (
        len(body["rows"]),
        {"submitted": 3, "draft": 1, "not_started": body["total"] - 4},
    )


def test_deidentified_responses_name_nobody_and_are_audited(w):
    seeded = seed_course(w.program, learners=1)

    response = bearer(w.key).get(f"/api/programs/{w.program.slug}/responses/")

    records = response.json()["results"]
    assert sorted(records[0]) == [
        "administration",
        "answers",
        "knowledge_correct",
        "knowledge_total",
        "record_id",
        "submitted_on",
    ]
    assert sorted(records[0]["answers"]) == [
        "A1",
        "A1_retro",
        "A2",
        "A2_retro",
        "K1",
        "K2",
        "K3",
        "K4",
    ]
    assert all(learner.email not in response.content.decode() for learner in seeded.learners)
    assert AuditEvent.objects.filter(action="answers.exported").count() == 1


def test_a_course_evaluation_is_requested_polled_and_downloaded(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = bearer(w.key)
    url = f"/api/programs/{w.program.slug}/reports/"

    requested = client.post(url)
    run = ReportRun.objects.get()
    waiting = client.get(f"{url}{run.pk}/download/")
    run.status = ReportRun.Status.DONE
    run.file.save("r.pdf", ContentFile(b"%PDF-1.4 evaluation"))
    polled = client.get(f"{url}{run.pk}/")
    download = client.get(polled.json()["download_url"])

    assert (requested.status_code, requested.json()["status"]) == (201, "queued")
    assert (waiting.status_code, waiting.json()) == (
        404,
        {"detail": "This report has no file yet: poll it until its status is done."},
    )
    assert polled.json()["download_url"] == (
        f"http://testserver/api/programs/{w.program.slug}/reports/{run.pk}/download/"
    )
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evaluation"


def test_requests_are_rate_limited_per_token(w, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "2/minute"})
    first, second = bearer(w.key), bearer(token_for(w.director))

    statuses = [first.get("/api/programs/").status_code for _ in range(3)]
    other = second.get("/api/programs/")

    assert statuses == [200, 200, 429]
    assert other.status_code == 200


def test_a_session_is_scheduled_through_the_service_and_a_conflict_is_a_400_naming_it(w):
    room = MeetingRoomFactory(name="Boardroom")
    booked = SeminarSessionFactory(program=w.program, room=room, title="Paying for quality")
    url = f"/api/programs/{w.program.slug}/sessions/"
    body = {
        "title": "Population health",
        "starts_at": (booked.ends_at + timedelta(hours=1)).isoformat(),
        "ends_at": (booked.ends_at + timedelta(hours=2)).isoformat(),
        "room": room.pk,
    }
    client = bearer(w.key)

    created = client.post(url, body, content_type="application/json")
    clash = client.post(
        url,
        {**body, "starts_at": booked.starts_at.isoformat(), "ends_at": booked.ends_at.isoformat()},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert (created.json()["title"], created.json()["status"], created.json()["room"]["id"]) == (
        "Population health",
        "draft",
        room.pk,
    )
    assert clash.status_code == 400
    assert len(clash.json()["detail"]) == 2  # the cohort and the room
    assert all("Paying for quality" in message for message in clash.json()["detail"])
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "api_token.created",
        "session.scheduled",
    ]


def test_a_session_names_only_rooms_topics_and_faculty_the_editor_offers(w):
    other_topic = TopicFactory()

    response = bearer(w.key).post(
        f"/api/programs/{w.program.slug}/sessions/",
        {
            "title": "T",
            "starts_at": "2026-12-01T09:00:00Z",
            "ends_at": "2026-12-01T10:00:00Z",
            "topic": other_topic.pk,
            "faculty": [{"id": 999999}],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "topic": [f'Invalid pk "{other_topic.pk}" - object does not exist.'],
        "faculty": {"0": {"id": ['Invalid pk "999999" - object does not exist.']}},
    }


def test_a_session_is_cancelled_through_the_service(w):
    session = SeminarSessionFactory(program=w.program, status="published")

    response = bearer(w.key).post(f"/api/programs/{w.program.slug}/sessions/{session.pk}/cancel/")

    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert AuditEvent.objects.filter(action="session.cancelled").count() == 1


def test_a_session_far_from_our_era_is_refused(w):
    response = bearer(w.key).post(
        f"/api/programs/{w.program.slug}/sessions/",
        {"title": "T", "starts_at": "0002-05-11T09:29:27Z", "ends_at": "2101-06-01T00:00:00Z"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "starts_at": ["Use a date between 2000 and 2100."],
            "ends_at": ["Use a date between 2000 and 2100."],
        },
    )


def test_topics_carry_their_milestones_codes_and_the_schema_names_them(w):
    TopicFactory(program=w.program, title="Prior authorization", sbp_competencies=["SBP2", "SBP3"])
    api = bearer(w.key)

    topics = api.get(f"/api/programs/{w.program.slug}/topics/").json()["results"]
    schema = api.get("/api/schema/?format=json").json()

    assert [(t["title"], t["sbp_competencies"]) for t in topics] == [
        ("Prior authorization", ["SBP2", "SBP3"])
    ]
    schemas = schema["components"]["schemas"]
    field = schemas["Topic"]["properties"]["sbp_competencies"]
    assert (field["readOnly"], field["items"]) == (
        True,
        {"$ref": "#/components/schemas/SbpCompetenciesEnum"},
    )
    assert schemas["SbpCompetenciesEnum"]["enum"] == ["SBP1", "SBP2", "SBP3"]
