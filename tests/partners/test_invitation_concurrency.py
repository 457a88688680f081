"""A double-clicked invitation, on PostgreSQL with real threads: eight acceptances of one faculty
invitation at the same moment; the first wins, the others get the "does not work" page."""

import pytest
from django.test import Client

from partners.models import FacultyInvitation
from partners.selectors import invitation_token
from partners.services import invite_faculty
from rotation.models import User
from tests.assessments.test_concurrency import requires_postgresql, run_at_once
from tests.factories import FacultyMemberFactory

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def test_eight_simultaneous_acceptances_of_one_invitation_make_one_account():
    member = FacultyMemberFactory(email="New.Faculty@keystone.example.org")
    invitation = invite_faculty(faculty_member=member, invited_by=None)
    url = f"/invitations/{invitation_token(invitation=invitation)}/"
    password = {"password1": "a-long-teaching-pass", "password2": "a-long-teaching-pass"}

    def accept():
        response = Client().post(url, password)
        return response.status_code, response.content.decode()

    results = run_at_once([accept] * 8)

    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [410] * 7
    assert all(
        "This invitation link does not work" in page for status, page in results if status == 410
    )
    member.refresh_from_db()
    assert (member.user.email, member.recruitment_status) == (
        "new.faculty@keystone.example.org",
        "confirmed",
    )
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert FacultyInvitation.objects.get().accepted_at is not None
