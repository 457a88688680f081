import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from planning.models import (
    ActionItem,
    AdvisoryMeeting,
    CoTeaching,
    Honorarium,
    OrientationCompletion,
    PatientFeedback,
    Proposal,
    TeamMember,
)
from planning.patients.selectors import feedback_summaries
from rotation.models import Program

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
    assert sorted(
        (m.role, m.has_joined) for m in TeamMember.objects.filter(program__format="distributed")
    ) == [
        ("community_partner", False),
        ("learner_representative", True),
        ("partner_liaison", True),
        ("patient_partner", False),
        ("patient_partner", True),
    ]
    assert sorted(Proposal.objects.values_list("status", flat=True)) == [
        "accepted",
        "declined",
        "open",
    ]
    assert (accepted.topic.title, accepted.proposer_kind) == (accepted.title, "patient_partner")
    assert Proposal.objects.get(status="open").endorsements.count() == 1
    assert "5 members; 3 proposals" in output


def test_seed_demo_adds_an_advisory_meeting_with_actions_and_a_partnership_meeting_once(
    demo_settings,
):
    seed()
    first = (AdvisoryMeeting.objects.count(), ActionItem.objects.count())

    output = seed()

    meeting = AdvisoryMeeting.objects.get(program__isnull=False)
    today = timezone.localdate()
    actions = {
        (a.owner.email, a.status, a.due_on < today) for a in meeting.actions.select_related("owner")
    }
    assert (AdvisoryMeeting.objects.count(), ActionItem.objects.count()) == first == (2, 3)
    assert (meeting.program.format, bool(meeting.minutes), bool(meeting.decisions)) == (
        "distributed",
        True,
        True,
    )
    assert actions == {
        ("director@demo.test", "open", True),
        ("patient@demo.test", "done", True),
        ("liaison@demo.test", "open", False),
    }
    assert meeting.attendees.filter(attended=True).count() == 3
    assert AdvisoryMeeting.objects.get(program__isnull=True).attendees.count() == 3
    assert "advisory panel: “Advisory panel: spring planning” with 3 action items" in output

    assert "5 members; 3 proposals" in output


def test_seed_demo_gives_patient_partners_their_record_and_one_feedback_aggregate_shown_once(
    demo_settings,
):
    seed()
    first = [
        model.objects.count()
        for model in (CoTeaching, OrientationCompletion, Honorarium, PatientFeedback)
    ]

    seed()

    rosa = TeamMember.objects.get(email="patient@demo.test")
    distributed = Program.objects.get(planning_team=rosa)
    concentrated = Program.objects.get(planning_team__email="mei.chen@families.example.org")
    shown, needs = feedback_summaries(programs=[distributed, concentrated])
    assert [
        model.objects.count()
        for model in (CoTeaching, OrientationCompletion, Honorarium, PatientFeedback)
    ] == first
    assert first == [8, 3, 1, 7]
    assert rosa.patient_profile.ways_to_take_part == [
        "curriculum_design",
        "co_teaching",
        "feedback",
    ]
    assert (rosa.co_teaching.count(), rosa.orientation_completions.count()) == (4, 3)
    assert distributed.orientation_items.count() == 6
    assert (shown.count, shown.is_shown, [item.mean for item in shown.items]) == (
        5,
        True,
        [4.6, 4.8, 4.0, None],
    )
    assert (needs.count, needs.is_shown, needs.needed) == (2, False, 3)
