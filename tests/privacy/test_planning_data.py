"""A learner who helped plan a course (a learner representative): their export lists what they
did in planning, and deleting their account leaves their code, never their name or address, in
the planning record."""

import datetime

import pytest
from django.utils import timezone

from planning.models import (
    ActionItem,
    AdvisoryMeeting,
    Endorsement,
    MeetingAttendee,
    Proposal,
    ProposalComment,
    TeamMember,
)
from privacy.selectors import learner_record
from privacy.services import deidentify_learner
from tests.factories import LearnerFactory, ProgramFactory, UserFactory
from tests.planning.factories import ProposalFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Noor Haddad", "noor.haddad@example.org"


@pytest.fixture
def representative():
    """A learner on two planning teams: one joined with her account, one still invited."""
    user = UserFactory(email=EMAIL, first_name="Noor", last_name="Haddad")
    learner = LearnerFactory(user=user, first_name="Noor", last_name="Haddad", email=EMAIL)
    role = TeamMember.Role.LEARNER_REPRESENTATIVE
    joined = TeamMemberFactory(user=user, name=NAME, email=EMAIL, role=role)
    TeamMemberFactory(user=None, joined_at=None, name=NAME, email=EMAIL.upper(), role=role)
    proposal = ProposalFactory(
        program=joined.program, title="Prior authorization", proposed_by=user, proposer_name=NAME
    )
    ProposalComment.objects.create(proposal=proposal, author=user, author_name=NAME, body="Yes")
    Endorsement.objects.create(proposal=ProposalFactory(program=joined.program), user=user)
    meeting = AdvisoryMeeting.objects.create(
        program=joined.program, title="Spring panel", starts_at=timezone.now(), place="Room 2"
    )
    MeetingAttendee.objects.create(meeting=meeting, member=joined, name=NAME, attended=True)
    ActionItem.objects.create(
        meeting=meeting, description="Ask the PGY-1s", owner=user, due_on=datetime.date(2027, 1, 4)
    )
    return learner


def test_the_export_lists_what_the_learner_did_in_planning(representative):
    record = learner_record(learner_id=representative.pk)

    assert [(m["role"], m["email"]) for m in record["planning_teams"]] == [
        ("Learner representative", EMAIL),
        ("Learner representative", EMAIL.upper()),
    ]
    assert [p["title"] for p in record["planning_proposals"]] == ["Prior authorization"]
    assert [c["body"] for c in record["planning_comments"]] == ["Yes"]
    assert len(record["planning_endorsements"]) == 1
    assert record["advisory_meetings"] == [{"meeting": "Spring panel", "attended": True}]
    assert [a["action"] for a in record["advisory_actions"]] == ["Ask the PGY-1s"]


def test_a_learner_without_an_account_has_only_invitations_to_export():
    learner = LearnerFactory(email=EMAIL)
    TeamMemberFactory(user=None, joined_at=None, email=EMAIL)
    TeamMemberFactory(user=None, joined_at=None, email="someone.else@example.org")

    record = learner_record(learner_id=learner.pk)

    assert [m["email"] for m in record["planning_teams"]] == [EMAIL]
    assert record["planning_proposals"] == record["advisory_actions"] == []


def test_deletion_puts_the_code_in_place_of_name_and_address_and_keeps_the_record(
    representative,
):
    other = TeamMemberFactory(program=ProgramFactory(), name="Sam Lee")
    staff = UserFactory(is_staff=True)

    learner = deidentify_learner(learner=representative, erased_by=staff)

    code = learner.last_name
    rows = [
        *TeamMember.objects.exclude(pk=other.pk).values_list("name", "email", "user"),
        *Proposal.objects.filter(title="Prior authorization").values_list("proposer_name"),
        *ProposalComment.objects.values_list("author_name"),
        *MeetingAttendee.objects.values_list("name"),
    ]
    assert rows == [
        (code, learner.email, None),
        (code, learner.email, None),
        (code,),
        (code,),
        (code,),
    ]
    assert TeamMember.objects.get(pk=other.pk).name == "Sam Lee"
    assert ActionItem.objects.get().owner is None
    assert Endorsement.objects.exists() is False
