"""Writes about planning: the planning team (invitations, joining) and curriculum proposals
(submitting, commenting, endorsing, a director's decision). Each write is audited in its own
transaction and refused on an archived program."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from outbox.services import enqueue
from partners.invitations import (
    ensure_no_account,
    prepare_account,
    save_verified_account,
)
from partners.models import Organization
from planning.models import Endorsement, Proposal, ProposalComment, TeamInvitation, TeamMember
from planning.selectors import TEAM_INVITATIONS
from rotation.models import Program, Topic
from rotation.services.programs import ensure_program_is_active, save_topic


def invite_member(
    *,
    program: Program,
    name: str,
    email: str,
    role: str,
    organization: Organization | None,
    invited_by,
) -> TeamInvitation:
    """Put the person on the team (or update their invited place) and email them a fresh link;
    earlier links stop working. Someone who has joined already is not invited again."""
    ensure_program_is_active(program)
    email = email.strip().lower()
    member = program.planning_team.filter(email__iexact=email).first()
    if member is not None and member.has_joined:
        raise ValidationError(f"{member.name} is on the planning team already.")
    with transaction.atomic():
        if member is None:
            member = TeamMember(program=program, email=email)
        member.name = name.strip()
        member.role = role
        member.organization = organization
        member.invited_by = invited_by
        member.save()
        invitation = TEAM_INVITATIONS.issue(
            replacing=member.invitations.all(), member=member, invited_by=invited_by
        )
        record_event(
            actor=invited_by,
            action="planning.member_invited",
            target=member,
            program=program,
            changes={"email": [None, email], "role": [None, member.get_role_display()]},
        )
        enqueue("planning.send_team_invitation", invitation_id=invitation.pk)
    return invitation


def accept_invitation(*, invitation: TeamInvitation, password: str):
    """Create the invitee's account with this password (its address is verified: the link
    reached it) and put it on the team. Returns the user."""
    member = invitation.member
    user = prepare_account(email=member.email, name=member.name, password=password)
    with transaction.atomic():
        TEAM_INVITATIONS.claim(invitation)
        ensure_no_account(email=user.email)
        save_verified_account(user)
        _join(invitation=invitation, user=user)
    return user


def join_with_account(*, invitation: TeamInvitation, user) -> None:
    """Put the signed-in account with the invitation's address on the team."""
    member = invitation.member
    if user.email.lower() != member.email.lower():
        raise ValidationError(
            f"This invitation is for {member.email}; you are signed in as {user.email}."
        )
    with transaction.atomic():
        TEAM_INVITATIONS.claim(invitation)
        _join(invitation=invitation, user=user)


def _join(*, invitation: TeamInvitation, user) -> None:
    member = invitation.member
    ensure_program_is_active(member.program)
    member.user = user
    member.joined_at = invitation.accepted_at
    member.save(update_fields=["user", "joined_at"])
    record_event(
        actor=user,
        action="planning.member_joined",
        target=member,
        program=member.program,
        changes={"joined": [None, member.get_role_display()]},
    )


# --- Proposals ----------------------------------------------------------------------------------


def _proposer(*, program: Program, user) -> tuple[str, Organization | None]:
    """How the user takes part in planning the program: their kind of member and organization.
    A director (or staff) who is not on the team proposes as course director."""
    member = program.planning_team.filter(user=user, joined_at__isnull=False).first()
    if member is None:
        return TeamMember.Role.COURSE_DIRECTOR, None
    return member.role, member.organization


def submit_proposal(
    *,
    program: Program,
    proposer,
    kind: str,
    title: str,
    rationale: str,
    sbp_competency: str,
    format: str,
    suggested_faculty: str = "",
    preferred_timing: str = "",
) -> Proposal:
    ensure_program_is_active(program)
    proposer_kind, organization = _proposer(program=program, user=proposer)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            program=program,
            kind=kind,
            title=title.strip(),
            rationale=rationale.strip(),
            sbp_competency=sbp_competency,
            format=format,
            suggested_faculty=suggested_faculty.strip(),
            preferred_timing=preferred_timing.strip(),
            proposed_by=proposer,
            proposer_name=str(proposer),
            proposer_kind=proposer_kind,
            proposer_organization=organization,
        )
        record_event(actor=proposer, action="proposal.submitted", target=proposal, program=program)
    return proposal


def comment_on_proposal(*, proposal: Proposal, author, body: str) -> ProposalComment:
    ensure_program_is_active(proposal.program)
    if not body.strip():
        raise ValidationError("Write a comment first.")
    with transaction.atomic():
        comment = ProposalComment.objects.create(
            proposal=proposal, author=author, author_name=str(author), body=body.strip()
        )
        record_event(
            actor=author,
            action="proposal.commented",
            target=proposal,
            program=proposal.program,
            changes={"comment": [None, comment.body[:200]]},
        )
    return comment


def endorse_proposal(*, proposal: Proposal, user) -> None:
    """Add the user's support to an open proposal; endorsing twice changes nothing."""
    ensure_program_is_active(proposal.program)
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError(f"“{proposal.title}” has been decided already.")
    if proposal.proposed_by_id == user.pk:
        raise ValidationError("Others endorse a proposal; you made this one.")
    with transaction.atomic():
        _, created = Endorsement.objects.get_or_create(proposal=proposal, user=user)
        if created:
            record_event(
                actor=user, action="proposal.endorsed", target=proposal, program=proposal.program
            )


def _lock_open(proposal: Proposal) -> Proposal:
    """The proposal, locked for the decision, if nobody decided it meanwhile."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.OPEN:
        raise ValidationError(
            f"“{locked.title}” was {locked.get_status_display().lower()} already."
        )
    return locked


def accept_proposal(*, proposal: Proposal, director) -> Topic:
    """Make the proposal a topic of the program (through rotation's topic service), linked back
    to the proposal and its proposer's organization; the proposer is told."""
    ensure_program_is_active(proposal.program)
    with transaction.atomic():
        locked = _lock_open(proposal)
        topic = save_topic(
            program=proposal.program,
            title=locked.title,
            description=locked.rationale,
            proposed_by=locked.proposer_organization,
            sbp_competencies=[locked.sbp_competency],
        )
        _decide(locked, director=director, status=Proposal.Status.ACCEPTED, topic=topic)
    proposal.refresh_from_db()
    return topic


def decline_proposal(*, proposal: Proposal, director, reason: str) -> None:
    """Decline with a reason, which the proposer is told."""
    ensure_program_is_active(proposal.program)
    if not reason.strip():
        raise ValidationError("Give the proposer a reason for declining.")
    with transaction.atomic():
        locked = _lock_open(proposal)
        locked.decline_reason = reason.strip()
        _decide(locked, director=director, status=Proposal.Status.DECLINED)
    proposal.refresh_from_db()


def _decide(proposal: Proposal, *, director, status: str, topic: Topic | None = None) -> None:
    proposal.status = status
    proposal.decided_by = director
    proposal.decided_at = timezone.now()
    proposal.topic = topic
    proposal.save()
    changes = {"status": ["Under discussion", proposal.get_status_display()]}
    if topic is not None:
        changes["topic"] = [None, topic.title]
    if proposal.decline_reason:
        changes["reason"] = [None, proposal.decline_reason]
    record_event(
        actor=director,
        action=f"proposal.{status}",
        target=proposal,
        program=proposal.program,
        changes=changes,
    )
    enqueue("planning.notify_proposal_decided", proposal_id=proposal.pk)
