"""What planning keeps about a learner who took part in planning (a learner representative):
their team memberships, proposals, comments, endorsements, meetings and action items, found by
their account or, for a membership not yet accepted, by their address. Deleting the account
puts their code in place of their name and address; what they proposed and said stays, as the
program's planning record, under that code."""

from django.db.models import Q

from planning.models import (
    ActionItem,
    Endorsement,
    MeetingAttendee,
    Proposal,
    ProposalComment,
    TeamMember,
)
from rotation.models import Learner
from rotation.personal_data import when


def _memberships(learner: Learner):
    mine = Q(email__iexact=learner.email)
    if learner.user_id:
        mine |= Q(user_id=learner.user_id)
    return TeamMember.objects.filter(mine)


def _attendance(learner: Learner):
    attended = Q(member__in=_memberships(learner))
    if learner.user_id:
        attended |= Q(user_id=learner.user_id)
    return MeetingAttendee.objects.filter(attended)


def export(*, learner: Learner) -> dict:
    """Two queries without an account, six with one, whatever the number of rows."""
    memberships = _memberships(learner).select_related("program").order_by("created_at", "pk")
    record = {
        "planning_teams": [
            {
                "program": m.program.name,
                "role": m.get_role_display(),
                "name": m.name,
                "email": m.email,
                "joined_at": when(m.joined_at),
            }
            for m in memberships
        ]
    }
    user_id = learner.user_id
    proposals = Proposal.objects.filter(proposed_by_id=user_id).select_related("program")
    comments = ProposalComment.objects.filter(author_id=user_id).select_related("proposal")
    endorsements = Endorsement.objects.filter(user_id=user_id).select_related("proposal")
    actions = ActionItem.objects.filter(owner_id=user_id).select_related("meeting")
    if user_id is None:
        proposals = comments = endorsements = actions = []
    meetings = _attendance(learner).select_related("meeting")
    return record | {
        "planning_proposals": [
            {
                "program": p.program.name,
                "title": p.title,
                "rationale": p.rationale,
                "status": p.get_status_display(),
                "proposed_at": when(p.created_at),
            }
            for p in proposals
        ],
        "planning_comments": [
            {"proposal": c.proposal.title, "body": c.body, "written_at": when(c.created_at)}
            for c in comments
        ],
        "planning_endorsements": [e.proposal.title for e in endorsements],
        "advisory_meetings": [
            {"meeting": str(a.meeting), "attended": a.attended} for a in meetings
        ],
        "advisory_actions": [
            {
                "action": a.description,
                "meeting": str(a.meeting),
                "due_on": a.due_on.isoformat(),
                "status": a.get_status_display(),
            }
            for a in actions
        ],
    }


def erase(*, learner: Learner, code: str, email: str) -> None:
    """Name and address give way to the code (the account itself is deleted by rotation's part,
    which leaves endorsements gone and actions without an owner)."""
    _attendance(learner).update(name=code)
    if learner.user_id:
        Proposal.objects.filter(proposed_by_id=learner.user_id).update(proposer_name=code)
        ProposalComment.objects.filter(author_id=learner.user_id).update(author_name=code)
    _memberships(learner).update(name=code, email=email, user=None)
