import io

import pytest
from django.core.management import call_command

from planning.models import Proposal, TeamMember

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--learners", "5", stdout=out)
    return out.getvalue()


def test_seed_demo_adds_a_planning_team_and_proposals_in_each_state_once(demo_settings):
    output = seed()
    first = (TeamMember.objects.count(), Proposal.objects.count())

    seed()

    accepted = Proposal.objects.get(status="accepted")
    assert (TeamMember.objects.count(), Proposal.objects.count()) == first
    assert sorted((m.role, m.has_joined) for m in TeamMember.objects.all()) == [
        ("community_partner", False),
        ("learner_representative", True),
        ("partner_liaison", True),
        ("patient_partner", True),
    ]
    assert sorted(Proposal.objects.values_list("status", flat=True)) == [
        "accepted",
        "declined",
        "open",
    ]
    assert (accepted.topic.title, accepted.proposer_kind) == (accepted.title, "patient_partner")
    assert Proposal.objects.get(status="open").endorsements.count() == 1
    assert "4 members; 3 proposals" in output
