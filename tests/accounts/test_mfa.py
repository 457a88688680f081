"""Two-factor authentication: optional for everyone, required for staff and directors when the
installation says so (MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS)."""

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.utils import timezone

from assessments.links import personal_link
from tests.accounts.conftest import (
    activate_totp,
    reauthenticate,
    recovery_codes_of,
    sign_in,
    totp_code,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"
REAUTH_FOR_SETUP_URL = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"


def test_a_resident_sets_up_an_authenticator_app_with_a_real_code(client, learner_user):
    sign_in(client, learner_user.email)
    reauthenticate(client)
    setup = client.get(SETUP_URL)
    secret = setup.context["form"].secret
    # The QR code is inline SVG, so the Content-Security-Policy needs no data: images.
    page = setup.content.decode()
    assert (page.count('<figure class="totp-qr"'), page.count("data:image")) == (1, 0)

    activated = client.post(SETUP_URL, {"code": totp_code(secret)})

    assert (activated.status_code, activated.url) == (302, "/accounts/2fa/recovery-codes/")
    assert sorted(learner_user.authenticator_set.values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]
    codes_page = client.get("/accounts/2fa/recovery-codes/")
    assert len(codes_page.context["unused_codes"]) == 10


def test_a_wrong_code_does_not_activate_the_authenticator_app(client, learner_user):
    sign_in(client, learner_user.email)
    reauthenticate(client)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert learner_user.authenticator_set.count() == 0


def test_sign_in_with_an_authenticator_app_asks_for_the_code(client, learner_user):
    secret = activate_totp(learner_user)

    password_step = sign_in(client, learner_user.email)
    assert (password_step.status_code, password_step.url) == (302, "/accounts/2fa/authenticate/")
    assert client.get("/").url == "/accounts/login/?next=/"  # not signed in yet

    code_step = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    assert (code_step.status_code, code_step.url) == (302, "/")
    assert client.get("/").url == "/my-rotation/"


def test_a_wrong_code_at_sign_in_is_refused(client, learner_user):
    activate_totp(learner_user)
    sign_in(client, learner_user.email)

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert client.get("/").url == "/accounts/login/?next=/"


@pytest.mark.parametrize(
    ("typed_after", "signed_in"),
    [(2, True), (32, False)],  # the code changed once (30 s later) / twice (60 s later)
)
def test_a_code_that_changed_while_it_was_typed_is_still_accepted_but_no_older_one(
    client, learner_user, typed_after, signed_in
):
    secret = activate_totp(learner_user)
    with time_machine.travel(timezone.now().replace(second=29), tick=False) as traveller:
        shown = totp_code(secret)  # the app's last code before it changes at :30
        sign_in(client, learner_user.email)
        traveller.shift(typed_after)

        response = client.post("/accounts/2fa/authenticate/", {"code": shown})

    assert (response.status_code, client.get("/").url) == (
        (302, "/my-rotation/") if signed_in else (200, "/accounts/login/?next=/")
    )


def test_a_recovery_code_signs_in_once(client, learner_user):
    activate_totp(learner_user)
    code = recovery_codes_of(learner_user)[0]

    sign_in(client, learner_user.email)
    first = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert (first.status_code, first.url) == (302, "/")
    client.post("/accounts/logout/")

    sign_in(client, learner_user.email)
    second = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert second.status_code == 200
    assert second.context["form"].errors == {"code": ["Incorrect code."]}
    assert len(recovery_codes_of(learner_user)) == 9


@pytest.mark.parametrize("who", ["director", "staff_user"])
def test_staff_and_directors_without_mfa_are_sent_to_set_it_up_when_required(
    client, mfa_required, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    page = client.get("/programs/")
    htmx = client.get("/programs/", headers={"HX-Request": "true"})

    assert (page.status_code, page.url) == (302, SETUP_URL)
    assert (htmx.status_code, htmx.headers["HX-Redirect"]) == (200, SETUP_URL)


def test_a_director_signs_in_sets_up_mfa_and_then_reaches_the_programs(
    client, mfa_required, director
):
    signed_in = sign_in(client, director.email)
    assert client.get(signed_in.url).url == SETUP_URL
    assert client.get("/programs/").url == SETUP_URL
    asked_again = client.get(SETUP_URL)
    assert asked_again.url == REAUTH_FOR_SETUP_URL
    assert reauthenticate(client, password="wrong").status_code == 200
    assert client.get("/programs/").url == SETUP_URL  # a wrong password does not get around it

    back = reauthenticate(client, url=asked_again.url)
    assert back.url == SETUP_URL
    setup = client.get(SETUP_URL)
    assert [str(message) for message in setup.context["messages"]] == [
        "Your role requires two-factor authentication. Set up an authenticator app to continue.",
    ]
    activated = client.post(SETUP_URL, {"code": totp_code(setup.context["form"].secret)})

    assert activated.url == "/accounts/2fa/recovery-codes/"
    assert client.get("/programs/").status_code == 200


def test_a_director_who_must_use_mfa_can_still_sign_out_and_reach_the_health_check(
    client, mfa_required, director
):
    mfa_required.WHITENOISE_USE_FINDERS = True  # static files as `make run` serves them
    client.force_login(director)

    assert client.get("/healthz").status_code == 200
    stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200
    assert b"".join(stylesheet.streaming_content).startswith(b"/* Mini-Rotation")
    signed_out = client.post("/accounts/logout/")
    assert (signed_out.status_code, signed_out.url) == (302, "/")
    assert client.get("/").url == "/accounts/login/?next=/"


def test_staff_and_directors_are_not_forced_when_the_installation_does_not_require_it(
    client, settings, director, staff_user
):
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = False

    client.force_login(director)
    assert client.get("/programs/").status_code == 200
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("who", "start_page"),
    [("learner_user", "/my-rotation/"), ("faculty_user", "/teaching/"), ("liaison", "/partners/")],
)
def test_residents_faculty_and_liaisons_are_never_forced(
    client, mfa_required, who, start_page, request
):
    client.force_login(request.getfixturevalue(who))

    home = client.get("/")

    assert (home.status_code, home.url) == (302, start_page)
    assert client.get(start_page).status_code == 200


def test_a_director_who_must_use_mfa_cannot_deactivate_it(client, mfa_required, director):
    activate_totp(director)
    client.force_login(director)
    reauthenticate(client)

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["You cannot deactivate two-factor authentication."]
    }
    assert director.authenticator_set.filter(type=Authenticator.Type.TOTP).count() == 1


def test_the_overview_says_when_the_role_requires_mfa_and_offers_no_deactivation(
    client, mfa_required, director, learner_user
):
    for user in (director, learner_user):
        activate_totp(user)

    client.force_login(director)
    director_page = client.get("/accounts/2fa/").content.decode()
    client.force_login(learner_user)
    resident_page = client.get("/accounts/2fa/").content.decode()

    required = "Your role requires two-factor authentication, so it cannot be deactivated."
    deactivate = '<a href="/accounts/2fa/totp/deactivate/">Deactivate</a>'
    assert (director_page.count(required), director_page.count(deactivate)) == (1, 0)
    assert (resident_page.count(required), resident_page.count(deactivate)) == (0, 1)
    assert resident_page.count("10 of 10 unused.") == 1


def test_a_resident_may_deactivate_their_authenticator_app(client, mfa_required, learner_user):
    activate_totp(learner_user)
    client.force_login(learner_user)
    reauthenticate(client)

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert (response.status_code, response.url) == (302, "/accounts/2fa/")
    assert learner_user.authenticator_set.filter(type=Authenticator.Type.TOTP).count() == 0


def test_changing_mfa_asks_for_the_password_again_after_five_minutes(client, learner_user):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(learner_user)
        assert reauthenticate(client).status_code == 302
        assert client.get(SETUP_URL).status_code == 200
        traveller.shift(301)

        response = client.get(SETUP_URL)

    assert (response.status_code, response.url) == (302, REAUTH_FOR_SETUP_URL)


def test_the_account_area_links_to_two_factor_authentication(client):
    client.force_login(UserFactory())

    page = client.get("/accounts/password/change/")

    assert '<a href="/accounts/2fa/">Two-factor authentication</a>' in page.content.decode()


def test_a_residents_personal_link_does_not_skip_their_second_factor(client, learner_user):
    activate_totp(learner_user)
    link = personal_link(user=learner_user, next_url="/my-rotation/")

    response = client.post(link)

    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/my-rotation/")
    assert client.get("/").url == "/accounts/login/?next=/"
