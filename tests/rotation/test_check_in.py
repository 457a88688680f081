"""Self check-in: a rotating, signed, short-lived code marks the signed-in learner present."""

from datetime import timedelta
from io import BytesIO

import pytest
import segno
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from rotation.models import Attendance, SeminarSession
from rotation.services.check_in import check_in, check_in_code, session_of_code
from tests.factories import EnrollmentFactory, SeminarSessionFactory, UserFactory


@pytest.fixture
def session(program):
    return SeminarSessionFactory(program=program, status=SeminarSession.Status.PUBLISHED)


@pytest.fixture
def learner_user(session):
    user = UserFactory(email="ana@hospital.example.org")
    EnrollmentFactory(program=session.program, learner__user=user, learner__email=user.email)
    return user


def at(session, seconds_after_start: int):
    return session.starts_at + timedelta(seconds=seconds_after_start)


def test_a_fresh_code_checks_the_learner_in_once_as_their_own_audited_mark(session, learner_user):
    now = at(session, 5 * 60)
    code = check_in_code(session=session, now=now)

    check_in(code=code, user=learner_user, now=now + timedelta(seconds=20))
    check_in(code=code, user=learner_user, now=now + timedelta(seconds=25))

    attendance = Attendance.objects.get()
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.recorded_by == learner_user
    event = AuditEvent.objects.get(action="attendance.marked")
    assert event.actor == learner_user


def test_a_code_is_the_same_for_thirty_seconds_then_changes(session):
    start = at(session, 0).replace(second=0)
    assert check_in_code(session=session, now=start) == check_in_code(
        session=session, now=start + timedelta(seconds=29)
    )
    assert check_in_code(session=session, now=start) != check_in_code(
        session=session, now=start + timedelta(seconds=30)
    )


def test_a_code_older_than_a_minute_is_refused(session):
    shown = at(session, 0).replace(second=0)
    code = check_in_code(session=session, now=shown)

    assert session_of_code(code=code, now=shown + timedelta(seconds=60)) == session
    with pytest.raises(ValidationError, match="expired"):
        session_of_code(code=code, now=shown + timedelta(seconds=61))


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: code[:-1] + ("0" if code[-1] != "0" else "1"),  # a changed signature
        lambda code: "9999" + code[code.index("-") :],  # another session's id
        lambda code: "not-a-code",
        lambda code: "",
    ],
)
def test_a_made_up_code_is_refused(session, mangle):
    now = at(session, 0)
    with pytest.raises(ValidationError, match="not a check-in code"):
        session_of_code(code=mangle(check_in_code(session=session, now=now)), now=now)


@pytest.mark.parametrize(
    ("seconds", "allowed"),
    [(-31 * 60, False), (-29 * 60, True), (3600 - 1, True), (3600 + 1, False)],
)
def test_check_in_opens_half_an_hour_before_and_closes_at_the_end(session, seconds, allowed):
    now = at(session, seconds)  # the factory's sessions last an hour
    code = check_in_code(session=session, now=now)
    if allowed:
        assert session_of_code(code=code, now=now) == session
    else:
        with pytest.raises(ValidationError, match="open from 30 minutes before"):
            session_of_code(code=code, now=now)


def test_a_cancelled_or_draft_session_takes_no_check_in(session):
    now = at(session, 0)
    for status in (SeminarSession.Status.CANCELLED, SeminarSession.Status.DRAFT):
        SeminarSession.objects.filter(pk=session.pk).update(status=status)
        with pytest.raises(ValidationError, match="not on the schedule"):
            session_of_code(code=check_in_code(session=session, now=now), now=now)


def test_a_learner_of_another_program_is_refused(session):
    outsider = UserFactory(email="ben@hospital.example.org")
    EnrollmentFactory(learner__user=outsider, learner__email=outsider.email)
    now = at(session, 0)

    with pytest.raises(ValidationError, match="not enrolled"):
        check_in(code=check_in_code(session=session, now=now), user=outsider, now=now)
    assert not Attendance.objects.exists()


def test_the_phone_page_asks_then_checks_in(client, session, learner_user):
    now = at(session, 60)
    code = check_in_code(session=session, now=now)
    with time_machine.travel(now, tick=False):
        client.force_login(learner_user)  # sessions time out: sign in at the session's hour
        page = client.get(f"/check-in/{code}/")
        assert page.status_code == 200
        assert session.title in page.content.decode()
        assert not Attendance.objects.exists()  # opening the link marks nothing

        done = client.post(f"/check-in/{code}/")

    assert "You are checked in" in done.content.decode()
    assert Attendance.objects.get().status == Attendance.Status.PRESENT


def test_an_expired_code_says_what_to_do(client, session, learner_user):
    shown = at(session, 0)
    code = check_in_code(session=session, now=shown)
    with time_machine.travel(shown + timedelta(minutes=2), tick=False):
        client.force_login(learner_user)
        response = client.post(f"/check-in/{code}/")

    assert response.status_code == 400
    assert "scan the code on the screen again" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_director_screen_shows_a_qr_code_of_the_current_link(client, director, session):
    base = f"/programs/{session.program.slug}/sessions/{session.pk}/self-check-in/"
    now = at(session, 0)

    with time_machine.travel(now, tick=False):
        client.force_login(director)
        screen = client.get(base)
        image = client.get(base + "code.svg")
    link = f"http://testserver/check-in/{check_in_code(session=session, now=now)}/"
    expected = BytesIO()
    segno.make(link, error="m").save(expected, kind="svg", scale=8, border=2, title="Check-in code")

    assert screen.status_code == 200
    assert 'id="check-in-code"' in screen.content.decode()
    assert image["Content-Type"] == "image/svg+xml"
    assert image["Cache-Control"] == "no-store"
    assert image.content == expected.getvalue()  # the QR code of this very link
