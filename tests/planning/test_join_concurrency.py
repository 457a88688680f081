"""A double-clicked planning-team link, on PostgreSQL with real threads: eight acceptances of
one invitation at the same moment; the first wins, the others get the "does not work" page."""

import pytest
from django.test import Client

from planning.models import TeamMember
from planning.selectors import invitation_token
from planning.services import invite_member
from rotation.models import User
from tests.assessments.test_concurrency import requires_postgresql, run_at_once
from tests.factories import ProgramFactory, UserFactory

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def test_eight_simultaneous_acceptances_of_one_link_make_one_member():
    program = ProgramFactory()
    invitation = invite_member(
        program=program,
        invited_by=UserFactory(),
        name="Pat Okafor",
        email="pat@families.example.org",
        role=TeamMember.Role.PATIENT_PARTNER,
        organization=None,
    )
    member = invitation.member
    url = f"/planning/join/{invitation_token(invitation=invitation)}/"
    password = {"password1": "a-long-planning-pass", "password2": "a-long-planning-pass"}

    def accept():
        return Client().post(url, password).status_code

    statuses = sorted(run_at_once([accept] * 8))

    assert statuses == [302] + [410] * 7
    member.refresh_from_db()
    assert (member.user.email, member.has_joined) == ("pat@families.example.org", True)
    assert User.objects.filter(email__iexact=member.email).count() == 1
