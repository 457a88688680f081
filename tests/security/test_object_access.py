"""Object-level access: changing an id or a token in the address never reaches someone else's
data. `world` is the shared world (tests/security/conftest.py); `rival` adds the same objects
for the other program, another partner, another faculty member and another resident."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Administration, Response
from reports.models import ReportRun
from rotation.models import (
    CalendarFeed,
    Enrollment,
    ExcusalLetter,
    ProgramPartner,
    SessionFaculty,
)
from teaching.models import SessionMaterial, VolunteerOffer
from tests.assessments.factories import build_instrument
from tests.factories import (
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    SeminarSessionFactory,
    SiteFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def rival(world):
    """The other program's objects, with a resident, a faculty member and a liaison of their own."""
    now = timezone.now()
    program = world.other_program
    organization = OrganizationFactory(name="Lakeview Clinics", slug="lakeview")
    liaison = UserFactory(email="liaison@lakeview.example.org")
    organization.liaisons.add(liaison)
    ProgramPartner.objects.create(program=program, organization=organization, role="host_content")
    site = SiteFactory(organization=organization)
    room = MeetingRoomFactory(site=site)
    faculty_user = UserFactory(email="omar@lakeview.example.org")
    faculty = FacultyMemberFactory(
        organization=organization, user=faculty_user, email=faculty_user.email
    )
    topic = TopicFactory(program=program)
    session = SeminarSessionFactory(program=program, room=room, topic=topic, status="published")
    SessionFaculty.objects.create(
        session=session,
        faculty_member=faculty,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        confirmation="confirmed",
    )
    material = SessionMaterial.objects.create(
        session=session,
        file=ContentFile(b"%PDF-1.4 theirs", name="theirs.pdf"),
        original_name="theirs.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=faculty_user,
    )
    resident = UserFactory(email="other-resident@hospital.example.org")
    learner = LearnerFactory(user=resident, email=resident.email)
    enrollment = Enrollment.objects.create(program=program, learner=learner)
    ExcusalLetter.objects.create(enrollment=enrollment)
    feed = CalendarFeed.objects.create(user=resident, token="other-resident-feed-token")
    instrument = build_instrument(program, knowledge=1, attitude=0, free_text=0)
    post = Administration.objects.create(
        instrument=instrument,
        kind=Administration.Kind.POST,
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    Response.objects.create(administration=post, learner=learner, started_at=now, updated_at=now)
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION, program=program, status=ReportRun.Status.DONE
    )
    run.file.save("theirs.pdf", ContentFile(b"%PDF-1.4 theirs"))
    offer = VolunteerOffer.objects.create(
        faculty_member=world.faculty, program=program, session=session
    )
    return SimpleNamespace(
        program=program,
        organization=organization,
        liaison=liaison,
        site=site,
        room=room,
        faculty_user=faculty_user,
        faculty=faculty,
        topic=topic,
        session=session,
        material=material,
        learner=learner,
        enrollment=enrollment,
        feed=feed,
        instrument=instrument,
        post=post,
        run=run,
        offer=offer,
    )


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


# --- Residents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        lambda w, r: f"/assessments/{r.post.pk}/",
        lambda w, r: f"/assessments/{r.post.pk}/results/",
        lambda w, r: f"/evaluations/sessions/{r.session.pk}/",
        lambda w, r: f"/evaluations/programs/{r.program.slug}/",
    ],
    ids=["take", "results", "evaluate_session", "evaluate_course"],
)
def test_resident_cannot_open_another_programs_assessment_by_id(client, world, rival, url):
    assert get(client, world.users["resident"], url(world, rival)) == 404


def test_resident_cannot_read_another_residents_response(client, world, rival):
    url = f"/administrations/{rival.post.pk}/responses/{rival.learner.pk}/"

    assert get(client, world.users["resident"], url) == 403


def test_resident_cannot_save_an_answer_into_another_programs_assessment(client, world, rival):
    client.force_login(world.users["resident"])
    item = rival.instrument.items.get()

    response = client.post(
        f"/assessments/{rival.post.pk}/answer/",
        {"field": f"item-{item.pk}", f"item-{item.pk}": "1"},
    )

    assert response.status_code == 404
    assert list(Response.objects.filter(learner=world.learner, administration=rival.post)) == []


def test_a_made_up_feed_token_finds_nothing(client, world, rival):
    assert get(client, world.users["resident"], "/calendar/resident-feed-tokeN.ics") == 404


def test_a_residents_feed_shows_only_their_own_sessions(client, world, rival):
    response = client.get(f"/calendar/{world.feed.token}.ics")

    body = response.content.decode()
    assert response.status_code == 200
    assert (world.session.title in body, rival.session.title in body) == (True, False)


def test_regenerating_a_feed_never_touches_another_residents(client, world, rival):
    client.force_login(world.users["resident"])

    response = client.post("/calendar/", {})

    rival.feed.refresh_from_db()
    assert response.status_code == 302
    assert rival.feed.token == "other-resident-feed-token"


# --- Faculty --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (lambda w, r: f"/sessions/{r.session.pk}/materials/", 403),
        (lambda w, r: f"/materials/{r.material.pk}/download/", 403),
        (lambda w, r: f"/faculty/{r.faculty.pk}/photo/", 404),  # has no photo: 404 before access
        (lambda w, r: f"/teaching/sessions/{r.session.pk}/withdraw/", 404),
        (lambda w, r: f"/teaching/letters/{r.program.slug}.pdf", 404),
        (lambda w, r: f"/teaching/availability/{r.program.slug}/", 404),
    ],
    ids=["materials", "download", "photo", "withdraw", "letter", "availability"],
)
def test_faculty_cannot_open_another_faculty_members_things(client, world, rival, url, status):
    assert get(client, world.users["faculty"], url(world, rival)) == status


def test_faculty_cannot_see_another_faculty_members_photo(client, world, rival):
    rival.faculty.photo.save("omar.gif", ContentFile(b"GIF89a"))

    assert get(client, world.users["faculty"], f"/faculty/{rival.faculty.pk}/photo/") == 403


def test_faculty_cannot_delete_another_faculty_members_material(client, world, rival):
    client.force_login(world.users["faculty"])

    response = client.post(f"/materials/{rival.material.pk}/delete/")

    assert response.status_code == 403
    assert SessionMaterial.objects.filter(pk=rival.material.pk).count() == 1


def test_faculty_feedback_lists_only_their_own_sessions(client, world, rival):
    client.force_login(rival.faculty_user)

    response = client.get("/teaching/feedback/")

    assert response.status_code == 200
    assert world.session.title not in response.content.decode()


# --- Partner liaisons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        lambda w, r: f"/partners/{r.organization.slug}/edit/",
        lambda w, r: f"/partners/{w.organization.slug}/sites/{r.site.pk}/edit/",
        lambda w, r: f"/partners/{w.organization.slug}/rooms/{r.room.pk}/edit/",
        lambda w, r: f"/partners/{w.organization.slug}/rooms/{r.room.pk}/",
        lambda w, r: f"/partners/{w.organization.slug}/faculty/{r.faculty.pk}/edit/",
    ],
    ids=["organization", "site", "room", "room_detail", "faculty"],
)
def test_liaison_cannot_reach_another_partners_objects(client, world, rival, url):
    assert get(client, world.users["liaison"], url(world, rival)) == 404


def test_liaison_cannot_save_another_partners_profile(client, world, rival):
    client.force_login(world.users["liaison"])

    response = client.post(f"/partners/{rival.organization.slug}/edit/", {"name": "Taken over"})

    rival.organization.refresh_from_db()
    assert response.status_code == 404
    assert rival.organization.name == "Lakeview Clinics"


# --- Course directors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        lambda w, r: f"/programs/{w.program.slug}/sessions/{r.session.pk}/edit/",
        lambda w, r: f"/programs/{w.program.slug}/sessions/{r.session.pk}/attendance/",
        lambda w, r: f"/programs/{w.program.slug}/sessions/{r.session.pk}/sign-in-sheet.pdf",
        lambda w, r: f"/programs/{w.program.slug}/topics/{r.topic.pk}/edit/",
        lambda w, r: f"/programs/{w.program.slug}/letters/{r.enrollment.pk}/preview.pdf",
        lambda w, r: f"/instruments/{r.instrument.pk}/",
        lambda w, r: f"/instruments/{r.instrument.pk}/items.csv",
        lambda w, r: f"/items/{r.instrument.items.get().pk}/edit/",
        lambda w, r: f"/administrations/{r.post.pk}/completion/",
        lambda w, r: f"/administrations/{r.post.pk}/responses/{r.learner.pk}/",
        lambda w, r: f"/programs/{w.program.slug}/reports/{r.run.pk}/",
        lambda w, r: f"/programs/{w.program.slug}/reports/{r.run.pk}/download/",
        lambda w, r: f"/programs/{r.program.slug}/reports/responses-identified.csv",
        lambda w, r: f"/programs/{r.program.slug}/reports/responses-deidentified.csv",
        lambda w, r: f"/programs/{w.program.slug}/faculty/{r.faculty.pk}/letter/",
        lambda w, r: f"/partners/{r.organization.slug}/",
    ],
    ids=[
        "session",
        "attendance",
        "sign_in_sheet",
        "topic",
        "letter",
        "instrument",
        "instrument_export",
        "item",
        "administration",
        "response",
        "report_run",
        "report_download",
        "export_identified",
        "export_deidentified",
        "recognition_letter",
        "partner",
    ],
)
def test_director_cannot_reach_another_programs_objects_by_id(client, world, rival, url):
    assert get(client, world.users["director"], url(world, rival)) == 404


def no_data(r):
    return {}


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (lambda w, r: f"/programs/{w.program.slug}/sessions/{r.session.pk}/cancel/", no_data),
        (lambda w, r: f"/programs/{w.program.slug}/learners/{r.enrollment.pk}/withdraw/", no_data),
        (
            lambda w, r: f"/programs/{w.program.slug}/sessions/{w.session.pk}/attendance/",
            lambda r: {"learner": r.learner.pk, "status": "absent"},
        ),
        (
            lambda w, r: f"/programs/{w.program.slug}/letters/send/",
            lambda r: {"enrollment": r.enrollment.pk},
        ),
        (lambda w, r: f"/programs/{w.program.slug}/volunteers/{r.offer.pk}/confirm/", no_data),
        (lambda w, r: f"/programs/{w.program.slug}/reports/{r.run.pk}/retry/", no_data),
        (lambda w, r: f"/administrations/{r.post.pk}/remind/", no_data),
    ],
    ids=["cancel", "withdraw", "attendance", "letter", "offer", "retry", "remind"],
)
def test_director_cannot_change_another_programs_objects_by_id(client, world, rival, url, data):
    client.force_login(world.users["director"])

    response = client.post(url(world, rival), data(rival))

    rival.session.refresh_from_db()
    rival.enrollment.refresh_from_db()
    rival.offer.refresh_from_db()
    assert response.status_code == 404
    assert (rival.session.status, rival.enrollment.status, rival.offer.status) == (
        "published",
        "enrolled",
        "offered",
    )
    assert rival.learner.attendance.count() == 0
