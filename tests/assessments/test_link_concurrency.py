"""A double-clicked personal sign-in link, on PostgreSQL with real threads: of eight uses at the
same moment the first signs in, the others get the "no longer works" page."""

import pytest
from django.test import Client

from assessments.links import personal_link
from tests.assessments.test_concurrency import requires_postgresql, run_at_once
from tests.factories import LearnerFactory, UserFactory

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def test_eight_simultaneous_uses_of_one_personal_link_sign_in_once():
    user = UserFactory(email="resident@example.org")
    LearnerFactory(user=user, email=user.email)
    url = personal_link(user=user, next_url="/my-rotation/")

    def use():
        client = Client()
        response = client.post(url)
        return response.status_code, "_auth_user_id" in client.session, response.content.decode()

    results = run_at_once([use] * 8)

    assert (
        sorted((status, signed_in) for status, signed_in, _ in results)
        == [(302, True)] + [(410, False)] * 7
    )
    assert all("This link no longer works" in page for status, _, page in results if status == 410)
