"""Sessions end after SESSION_IDLE_TIMEOUT without activity and SESSION_ABSOLUTE_TIMEOUT in all
(30 minutes and 12 hours by default); the last-seen stamp is written at most once a minute."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session

from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
IDLE_MESSAGE = "You were signed out after 30 minutes without activity. Please sign in again."


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, clock, learner_user):
    sign_in(client, learner_user.email)
    client.get("/my-rotation/")  # shows (and so clears) "Successfully signed in"
    return client


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_session_used_within_the_idle_timeout_stays_signed_in(signed_in, clock):
    for _ in range(4):
        clock.shift(timedelta(minutes=29))
        assert signed_in.get("/my-rotation/").status_code == 200


def test_an_idle_session_is_signed_out_and_sent_to_sign_in_with_a_message(signed_in, clock):
    clock.shift(timedelta(minutes=30))

    response = signed_in.get("/my-rotation/?tab=schedule")

    assert (response.status_code, response.url) == (
        302,
        "/accounts/login/?next=%2Fmy-rotation%2F%3Ftab%3Dschedule",
    )
    login_page = signed_in.get(response.url)
    assert messages_on(login_page) == [IDLE_MESSAGE]
    assert signed_in.get("/my-rotation/").url == "/accounts/login/?next=/my-rotation/"


def test_an_expired_htmx_request_redirects_the_whole_page(signed_in, clock):
    clock.shift(timedelta(minutes=31))

    response = signed_in.get(
        "/my-rotation/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/my-rotation/"},
    )

    assert (response.status_code, response.headers["HX-Redirect"]) == (
        200,
        "/accounts/login/?next=%2Fmy-rotation%2F",
    )


def test_a_session_ends_after_twelve_hours_however_active(signed_in, clock):
    for _ in range(12 * 3 - 1):
        clock.shift(timedelta(minutes=20))
        assert signed_in.get("/my-rotation/").status_code == 200
    clock.shift(timedelta(minutes=20))

    response = signed_in.get("/my-rotation/")

    assert response.url == "/accounts/login/?next=%2Fmy-rotation%2F"
    assert messages_on(signed_in.get(response.url)) == [
        "You were signed out because a session lasts at most 12 hours. Please sign in again."
    ]


def test_the_timeouts_come_from_the_settings(signed_in, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    clock.shift(timedelta(minutes=5))

    response = signed_in.get("/my-rotation/")

    assert messages_on(signed_in.get(response.url)) == [
        "You were signed out after 5 minutes without activity. Please sign in again."
    ]


def test_requests_within_a_minute_do_not_write_the_session(signed_in, clock):
    session_key = signed_in.session.session_key

    def saved_until():
        return Session.objects.get(session_key=session_key).expire_date

    signed_in.get("/my-rotation/")
    first = saved_until()
    clock.shift(timedelta(seconds=59))
    signed_in.get("/my-rotation/")
    assert saved_until() == first

    clock.shift(timedelta(seconds=1))
    signed_in.get("/my-rotation/")
    assert saved_until() == first + timedelta(seconds=60)
