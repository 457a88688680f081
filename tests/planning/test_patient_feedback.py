"""Patient partners' feedback on the learners of a session they co-taught: the emailed, signed,
expiring link, one answer per partner and session (corrected until it closes), and the
aggregate learners and directors see only from 5 answers."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.signing import TimestampSigner

from audit.models import AuditEvent
from config.logging import mask_secrets
from planning.models import CoTeaching, PatientFeedback
from planning.patients.selectors import (
    FEEDBACK_SALT,
    co_teachers_and_feedback,
    feedback_link,
    feedback_summaries,
    feedback_token,
)
from planning.patients.services import request_due_feedback
from rotation.models import SeminarSession
from rotation.services.programs import archive_program
from tests.factories import EnrollmentFactory, SeminarSessionFactory
from tests.planning.factories import (
    CoTeachingFactory,
    PatientFeedbackFactory,
    PatientPartnerFactory,
)

pytestmark = pytest.mark.django_db

ANSWER = {
    "listened": "5",
    "showed_respect": "4",
    "asked_about_experience": "na",  # not observed
    "explained_clearly": "3",
    "comment": "  Ask me about the wait, not only the diagnosis.  ",
}


@pytest.fixture
def assignment(patient):
    return CoTeachingFactory(
        member=patient.member, session=patient.session, contribution="shares her story"
    )


def after_session(assignment, **delta):
    return time_machine.travel(assignment.session.ends_at + timedelta(**delta), tick=False)


def url_for(assignment) -> str:
    """The link as the email made it: signed now (call it inside the time travel)."""
    return f"/patient-feedback/{feedback_token(co_teaching=assignment)}/"


def link_in(message) -> str:
    return re.search(r"http://[^/\s]+(/patient-feedback/\S+/)", message.body).group(1)


def test_the_partner_is_emailed_a_link_once_after_the_session(
    assignment, django_capture_on_commit_callbacks
):
    with after_session(assignment, minutes=-1), django_capture_on_commit_callbacks(execute=True):
        before = request_due_feedback(now=assignment.session.ends_at - timedelta(minutes=1))
    with after_session(assignment, hours=1):
        with django_capture_on_commit_callbacks(execute=True):
            first = request_due_feedback(now=assignment.session.ends_at + timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            again = request_due_feedback(now=assignment.session.ends_at + timedelta(hours=2))

    assignment.refresh_from_db()
    assert (before, first, again) == (0, 1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["rosa@families.example.org"],
            "[Mini-Rotation] How did the learners do? Partnering with patients",
        )
    ]
    token = link_in(mail.outbox[0]).split("/")[2]
    with after_session(assignment, days=1):
        link = feedback_link(token=token, now=assignment.session.ends_at + timedelta(days=1))
    assert (link.state, link.co_teaching) == ("open", assignment)
    assert assignment.feedback_requested_at == assignment.session.ends_at + timedelta(hours=1)
    assert AuditEvent.objects.filter(action="patient_partner.feedback_requested").count() == 1


def test_cancelled_sessions_and_archived_programs_ask_nobody(world, patient, assignment):
    cancelled = CoTeachingFactory(
        member=patient.member,
        session=SeminarSessionFactory(program=world.program, status="cancelled"),
    )
    archive_program(program=world.program)

    asked = request_due_feedback(now=assignment.session.ends_at + timedelta(days=1))

    assert asked == 0
    assert CoTeaching.objects.exclude(feedback_requested_at=None).count() == 0
    assert cancelled.feedback_requested_at is None


def test_the_partner_answers_from_the_link_and_corrects_it_once_stored(client, assignment):
    with after_session(assignment, hours=2):
        url = url_for(assignment)
        form = client.get(url)
        sent = client.post(url, ANSWER)
        thanks = client.get(sent.url)
        corrected = client.post(url, {**ANSWER, "explained_clearly": "4", "comment": ""})
        reopened = client.get(url).content.decode()

    answer = PatientFeedback.objects.get()
    assert (form.status_code, sent.status_code, sent.url) == (200, 302, f"{url}?thanks=1")
    assert "Thank you, Rosa Delgado" in thanks.content.decode()
    assert corrected.status_code == 302
    assert PatientFeedback.objects.count() == 1
    assert (
        answer.listened,
        answer.showed_respect,
        answer.asked_about_experience,
        answer.explained_clearly,
        answer.comment,
    ) == (5, 4, None, 4, "")
    assert re.findall(r'name="explained_clearly" value="(\d|na)"[^>]*checked', reopened) == ["4"]
    assert "Save my corrected feedback" in reopened
    events = AuditEvent.objects.filter(action="patient_partner.feedback_submitted").order_by("pk")
    assert [event.changes["corrected"] for event in events] == [[None, False], [None, True]]
    assert [event.actor for event in events] == [None, None]


@pytest.mark.parametrize("rating", ["6", "0", "-1", "five", "٣"])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_stored(client, assignment, rating):
    with after_session(assignment, hours=2):
        response = client.post(url_for(assignment), {**ANSWER, "listened": rating})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["listened"]
    assert PatientFeedback.objects.count() == 0


def test_a_tampered_link_gets_a_clear_page(client, assignment):
    forged = TimestampSigner(salt=FEEDBACK_SALT).sign("999")  # not signed with the right format

    with after_session(assignment, hours=2):
        token = feedback_token(co_teaching=assignment)
        tampered = client.get(f"/patient-feedback/{token[:-2]}xx/")
        posted = client.post(f"/patient-feedback/{token[:-2]}xx/", ANSWER)
        other = client.get(f"/patient-feedback/{forged}/")

    assert (tampered.status_code, posted.status_code, other.status_code) == (410, 410, 410)
    assert "This feedback link does not work" in tampered.content.decode()
    assert PatientFeedback.objects.count() == 0


def test_the_form_opens_only_after_the_session(client, assignment):
    with after_session(assignment, hours=-2):
        url = url_for(assignment)
        early = client.get(url)
        posted = client.post(url, ANSWER)

    assert (early.status_code, posted.status_code) == (200, 200)
    assert "Feedback opens after the session" in early.content.decode()
    assert PatientFeedback.objects.count() == 0


def test_feedback_closes_after_its_days_and_the_link_expires(client, settings, assignment):
    settings.PLANNING_PATIENT_FEEDBACK_DAYS = 14
    with after_session(assignment, hours=1):
        url = url_for(assignment)
        client.post(url, ANSWER)

    with after_session(assignment, days=14, minutes=1):
        closed = client.get(url)
        late = client.post(url, {**ANSWER, "listened": "1"})
    with after_session(assignment, days=29):
        expired = client.get(url)

    assert (closed.status_code, late.status_code, expired.status_code) == (410, 410, 410)
    assert "Your answer was received, thank you; it can no longer be changed." in (
        closed.content.decode()
    )
    assert "This feedback link has expired" in expired.content.decode()
    assert PatientFeedback.objects.get().listened == 5


def test_a_removed_assignment_or_cancelled_session_makes_the_link_stop(client, assignment):
    assignment.session.status = "cancelled"
    assignment.session.save()

    with after_session(assignment, hours=1):
        response = client.get(url_for(assignment))

    assert response.status_code == 410
    assert "This feedback link does not work" in response.content.decode()


def test_the_link_secret_is_masked_in_logs(assignment):
    token = feedback_token(co_teaching=assignment)

    assert mask_secrets(f"GET /patient-feedback/{token}/ 200") == "GET /patient-feedback/***/ 200"


# --- Aggregates: never below 5 answers ----------------------------------------------------------


def answers(world, count, **ratings):
    for _ in range(count):
        PatientFeedbackFactory(co_teaching__member__program=world.program, **ratings)


def test_learners_see_no_figure_from_4_answers_and_are_told_how_many_are_needed(client, world):
    EnrollmentFactory(program=world.program, learner=world.resident.learner_profile)
    answers(world, 4, comment="Kind and curious.")
    client.force_login(world.resident)

    page = client.get("/my-rotation/").content.decode()

    assert (
        "patient-partner feedback is shown once there are 5 answers — 4 so far, 1 more needed."
        in page
    )
    assert "Kind and curious." not in page


def test_learners_see_the_means_and_comments_from_5_answers(client, world):
    EnrollmentFactory(program=world.program, learner=world.resident.learner_profile)
    answers(world, 4, comment="Kind and curious.")
    PatientFeedbackFactory(
        co_teaching__member__program=world.program,
        listened=2,
        asked_about_experience=None,
        comment="Look at us, not the slides.",
    )
    client.force_login(world.resident)

    response = client.get("/my-rotation/")

    page = response.content.decode()
    assert "5 answers from patient and family partners" in page
    assert re.findall(
        r'<th scope="row">(.*?)</th><td><span class="cell-label">Mean</span>(.*?)</td>'
        r'<td><span class="cell-label">Rated by</span>(\d)</td>',
        page,
    ) == [
        ("Listened to me", "3.6", "5"),
        ("Showed me respect", "5.0", "5"),
        ("Asked about my experience", '<span class="muted">fewer than 5 ratings</span>', "4"),
        ("Explained things clearly", "4.0", "5"),
    ]
    assert page.count("Kind and curious.") == 4
    assert "Look at us, not the slides." in page


def test_directors_see_the_same_suppression_per_program(client, world):
    answers(world, 4)
    client.force_login(world.director)
    url = f"/programs/{world.program.slug}/planning/patient-partners/"

    four = client.get(url).context["summary"]
    answers(world, 1)
    five = client.get(url).context["summary"]

    assert (four.count, four.is_shown, four.items, four.needed) == (4, False, [], 1)
    assert (five.count, five.is_shown, [item.mean for item in five.items]) == (
        5,
        True,
        [4.0, 5.0, 3.0, 4.0],
    )


def test_feedback_of_another_program_or_a_cancelled_session_is_not_counted(client, world):
    answers(world, 4)
    PatientFeedbackFactory()  # another program
    PatientFeedbackFactory(
        co_teaching__member__program=world.program, co_teaching__session__status="cancelled"
    )
    client.force_login(world.director)

    summary = client.get(f"/programs/{world.program.slug}/planning/patient-partners/").context[
        "summary"
    ]

    assert (summary.count, summary.is_shown) == (4, False)


def test_co_teachers_and_feedback_give_the_partners_and_the_programs_summaries_in_one_query(
    world, django_assert_num_queries
):
    answers(world, 4, comment="Kind and curious.")
    PatientFeedbackFactory(
        co_teaching__member__program=world.program, listened=2, comment="Look at us."
    )
    unanswered = CoTeachingFactory(member__program=world.program)
    PatientFeedbackFactory(
        co_teaching__member__program=world.program, co_teaching__session__status="cancelled"
    )
    other = PatientFeedbackFactory(comment="Another program.").co_teaching.session.program
    sessions = list(
        SeminarSession.objects.filter(program__in=[world.program, other], status="published")
    )

    with django_assert_num_queries(1):
        partners = co_teachers_and_feedback(sessions=sessions, programs=[world.program, other])

    assert partners.feedback == feedback_summaries(programs=[world.program, other])
    assert [(s.count, s.comments[-1:]) for s in partners.feedback] == [
        (5, ["Look at us."]),
        (1, []),
    ]
    assert [a.pk for a in partners.by_session[unanswered.session_id]] == [unanswered.pk]
    assert sum(len(shown) for shown in partners.by_session.values()) == 7


@pytest.mark.parametrize("rows", [1, 5])
def test_my_rotation_with_patient_partners_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    EnrollmentFactory(program=world.program, learner=world.resident.learner_profile)
    partner = PatientPartnerFactory(program=world.program)
    for _ in range(rows):
        PatientFeedbackFactory(co_teaching__member=partner)
    client.force_login(world.resident)

    # As tests/rotation/test_start_pages.py counts them: 1 for the patient partners of all
    # sessions and their feedback.
    with django_assert_num_queries(7):
        response = client.get("/my-rotation/")

    assert len(response.context["sessions"]) == rows
