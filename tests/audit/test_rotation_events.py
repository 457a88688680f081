"""Sessions, enrollments and attendance: each change writes exactly one event with its changes."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from rotation.models import Attendance, Enrollment
from rotation.services.attendance import mark_all_present, record_attendance
from rotation.services.publishing import publish_schedule
from rotation.services.roster import enroll_learner, import_roster
from rotation.services.scheduling import cancel_session, schedule_session
from rotation.services.series import schedule_series
from tests.audit.conftest import audit_rows
from tests.factories import (
    EnrollmentFactory,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    SeminarSessionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 2, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def room():
    return MeetingRoomFactory(name="Boardroom", site__name="Main Campus")


@pytest.fixture
def session(program, room, director):
    member = FacultyMemberFactory(first_name="Maria", last_name="Alvarez")
    return schedule_session(
        program=program,
        title="Quality",
        starts_at=at(9),
        ends_at=at(10),
        room=room,
        faculty=[(member, "lead")],
        actor=director,
    )


def test_scheduling_a_session_records_its_fields(program, session):
    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "session.scheduled",
            "Quality",
            {
                "title": [None, "Quality"],
                "starts_at": [None, "2027-03-02T09:00-05:00"],
                "ends_at": [None, "2027-03-02T10:00-05:00"],
                "room": [None, "Boardroom (Main Campus)"],
                "faculty": [None, ["Maria Alvarez (lead)"]],
            },
        )
    ]


def test_changing_a_session_records_old_and_new_of_what_changed(program, session, director):
    topic = TopicFactory(program=program, title="Payment models")

    schedule_session(
        program=program,
        session=session,
        title="Quality and cost",
        starts_at=at(11),
        ends_at=at(12),
        room=None,
        topic=topic,
        faculty=[],
        actor=director,
    )

    assert audit_rows(program=program, action="session.changed") == [
        (
            "director@example.org",
            "session.changed",
            "Quality and cost",
            {
                "title": ["Quality", "Quality and cost"],
                "starts_at": ["2027-03-02T09:00-05:00", "2027-03-02T11:00-05:00"],
                "ends_at": ["2027-03-02T10:00-05:00", "2027-03-02T12:00-05:00"],
                "room": ["Boardroom (Main Campus)", None],
                "topic": [None, "Payment models"],
                "faculty": [["Maria Alvarez (lead)"], []],
            },
        )
    ]


def test_saving_a_session_unchanged_records_nothing(program, session, director, room):
    schedule_session(
        program=program,
        session=session,
        title="Quality",
        starts_at=at(9),
        ends_at=at(10),
        room=room,
        faculty=[(session.faculty.get(), "lead")],
        actor=director,
    )

    assert [row[1] for row in audit_rows(program=program)] == ["session.scheduled"]


def test_a_refused_session_records_nothing(program, session, room, director):
    with pytest.raises(ValidationError):
        schedule_session(
            program=program,
            title="Clash",
            starts_at=at(9),
            ends_at=at(10),
            room=room,
            actor=director,
        )

    assert [row[1] for row in audit_rows(program=program)] == ["session.scheduled"]


def test_cancelling_a_session_through_the_editor_records_the_director(
    client, program, session, director
):
    client.force_login(director)

    client.post(f"/programs/{program.slug}/sessions/{session.pk}/cancel/")

    assert audit_rows(program=program, action="session.cancelled") == [
        ("director@example.org", "session.cancelled", "Quality", {"status": ["draft", "cancelled"]})
    ]


def test_restoring_a_session_through_the_editor_records_the_director(
    client, program, session, director
):
    client.force_login(director)
    client.post(f"/programs/{program.slug}/sessions/{session.pk}/cancel/")

    client.post(f"/programs/{program.slug}/sessions/{session.pk}/restore/")

    assert audit_rows(program=program, action="session.restored") == [
        ("director@example.org", "session.restored", "Quality", {"status": ["cancelled", "draft"]})
    ]


def test_cancelling_a_cancelled_session_again_records_nothing(program, session, director):
    cancel_session(session=session, actor=director)
    cancel_session(session=session, actor=director)

    assert AuditEvent.objects.filter(action="session.cancelled").count() == 1


def test_publishing_records_each_published_session(client, program, session, director):
    SeminarSessionFactory(program=program, title="Cost", status="published")
    second = schedule_session(
        program=program, title="Access", starts_at=at(13), ends_at=at(14), actor=director
    )
    client.force_login(director)

    client.post(f"/programs/{program.slug}/schedule/publish/")

    assert sorted(audit_rows(program=program, action="session.published")) == [
        ("director@example.org", "session.published", "Access", {"status": ["draft", "published"]}),
        (
            "director@example.org",
            "session.published",
            "Quality",
            {"status": ["draft", "published"]},
        ),
    ]
    assert second.pk != session.pk


def test_publishing_with_no_drafts_records_nothing(program):
    assert publish_schedule(program=program, actor=None) == []
    assert AuditEvent.objects.count() == 0


def test_a_system_change_is_recorded_without_an_actor(program, room):
    schedule_session(program=program, title="Seeded", starts_at=at(9), ends_at=at(10))

    assert AuditEvent.objects.get().actor_label == ""


def test_adding_a_learner_records_the_enrollment(client, program, director):
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/learners/add/",
        {
            "email": "ana.diaz@hospital.example.org",
            "first_name": "Ana",
            "last_name": "Diaz",
            "residency_program": "Internal Medicine",
            "pgy_level": "2",
            "program_director_name": "Dr. Morgan Lee",
            "program_director_email": "pd@hospital.example.org",
        },
    )

    assert audit_rows(program=program) == [
        (
            "director@example.org",
            "enrollment.enrolled",
            f"Ana Diaz in {program}",
            {"status": [None, "enrolled"]},
        )
    ]


def test_withdrawing_and_enrolling_again_record_both_status_changes(client, program, director):
    enrollment = EnrollmentFactory(program=program, learner__email="ben@hospital.example.org")
    client.force_login(director)

    client.post(f"/programs/{program.slug}/learners/{enrollment.pk}/withdraw/")
    enroll_learner(
        program=program, email="BEN@hospital.example.org", base_url="http://x/", actor=director
    )
    enroll_learner(program=program, email="ben@hospital.example.org", base_url="http://x/")

    assert [(row[1], row[3]) for row in audit_rows(program=program)] == [
        ("enrollment.withdrawn", {"status": ["enrolled", "withdrawn"]}),
        ("enrollment.enrolled", {"status": ["withdrawn", "enrolled"]}),
    ]


def test_re_enrolling_from_the_roster_records_the_director(client, program, director):
    enrollment = EnrollmentFactory(program=program, learner__email="ben@hospital.example.org")
    client.force_login(director)
    client.post(f"/programs/{program.slug}/learners/{enrollment.pk}/withdraw/")

    client.post(f"/programs/{program.slug}/learners/{enrollment.pk}/reenrol/")

    assert [(row[0], row[1], row[3]) for row in audit_rows(program=program)] == [
        ("director@example.org", "enrollment.withdrawn", {"status": ["enrolled", "withdrawn"]}),
        ("director@example.org", "enrollment.enrolled", {"status": ["withdrawn", "enrolled"]}),
    ]


ROW = {
    "first_name": "Ana",
    "last_name": "Diaz",
    "residency_program": "Internal Medicine",
    "pgy_level": 2,
    "program_director_name": "Dr. Morgan Lee",
    "program_director_email": "pd@hospital.example.org",
}


def test_a_roster_import_that_fails_on_a_later_row_records_nothing(program, director):
    rows = [
        {**ROW, "email": "ana@hospital.example.org"},
        {**ROW, "email": "not-an-email", "pgy_level": 9},
    ]

    with pytest.raises(ValidationError):
        import_roster(program=program, rows=rows, base_url="http://x/", actor=director)

    assert (Enrollment.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_roster_import_through_the_page_records_each_new_enrollment(client, program, director):
    client.force_login(director)
    csv = (
        "email,first_name,last_name,residency_program,pgy_level,program_director_name,"
        "program_director_email\n"
        "ana@hospital.example.org,Ana,Diaz,Internal Medicine,2,Dr. Lee,pd@hospital.example.org\n"
        "ben@hospital.example.org,Ben,Fox,Pediatrics,1,Dr. Roe,pd@hospital.example.org\n"
    )

    client.post(
        f"/programs/{program.slug}/learners/import/",
        {"file": SimpleUploadedFile("roster.csv", csv.encode(), content_type="text/csv")},
    )

    assert [(row[0], row[1], row[2]) for row in audit_rows(program=program)] == [
        ("director@example.org", "enrollment.enrolled", f"Ana Diaz in {program}"),
        ("director@example.org", "enrollment.enrolled", f"Ben Fox in {program}"),
    ]


@pytest.fixture
def ana(program):
    learner = LearnerFactory(first_name="Ana", last_name="Adams", email="ana@hospital.example.org")
    EnrollmentFactory(program=program, learner=learner)
    return learner


def test_marking_attendance_records_old_and_new_status(client, program, session, director, ana):
    client.force_login(director)
    url = f"/programs/{program.slug}/sessions/{session.pk}/attendance/"

    client.post(url, {"learner": ana.pk, "status": "absent"})
    client.post(url, {"learner": ana.pk, "status": "absent"})
    client.post(url, {"learner": ana.pk, "status": "present"})

    assert audit_rows(program=program, action="attendance.marked") == [
        (
            "director@example.org",
            "attendance.marked",
            "Ana Adams – Quality: Absent",
            {"status": [None, "absent"]},
        ),
        (
            "director@example.org",
            "attendance.marked",
            "Ana Adams – Quality: Present",
            {"status": ["absent", "present"]},
        ),
    ]


def test_attendance_of_a_learner_not_enrolled_is_refused_without_an_event(
    program, session, director
):
    stranger = LearnerFactory()

    with pytest.raises(ValidationError):
        record_attendance(session=session, learner=stranger, status="present", recorded_by=director)

    assert AuditEvent.objects.filter(action="attendance.marked").count() == 0


def test_all_present_records_one_event_naming_each_learner_who_changed(
    program, session, director, ana
):
    ben = LearnerFactory(first_name="Ben", last_name="Baker", email="ben@hospital.example.org")
    EnrollmentFactory(program=program, learner=ben)
    cy = LearnerFactory(first_name="Cy", last_name="Cole", email="cy@hospital.example.org")
    EnrollmentFactory(program=program, learner=cy)
    Attendance.objects.create(session=session, learner=ben, status="absent")
    Attendance.objects.create(session=session, learner=cy, status="present")

    assert mark_all_present(session=session, recorded_by=director) == 3
    mark_all_present(session=session, recorded_by=director)

    assert audit_rows(action="attendance.all_present") == [
        (
            "director@example.org",
            "attendance.all_present",
            "Quality",
            {
                "Ana Adams (ana@hospital.example.org)": [None, "present"],
                "Ben Baker (ben@hospital.example.org)": ["absent", "present"],
            },
        )
    ]


def test_a_series_records_each_session_and_a_clash_records_none(program, room, director):
    schedule_series(
        program=program, title="Journal club", dates=[date(2027, 4, 6), date(2027, 4, 13)],
        start=time(9), end=time(10), room=room, actor=director,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        schedule_series(
            program=program, title="Clash", dates=[date(2027, 4, 20), date(2027, 4, 13)],
            start=time(9), end=time(10), room=room, actor=director,
        )  # fmt: skip

    assert [(row[1], row[3]["starts_at"]) for row in audit_rows(program=program)] == [
        ("session.scheduled", [None, "2027-04-06T09:00-04:00"]),
        ("session.scheduled", [None, "2027-04-13T09:00-04:00"]),
    ]
