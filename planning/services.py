"""Writes about planning: inviting people onto a program's planning team and their joining.
Each write is audited in its own transaction and refused on an archived program."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from partners.models import Organization
from planning import tasks
from planning.models import TeamInvitation, TeamMember
from rotation.models import Program
from rotation.services import ensure_program_is_active


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
        member.invitations.filter(accepted_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        invitation = TeamInvitation.objects.create(member=member, invited_by=invited_by)
        record_event(
            actor=invited_by,
            action="planning.member_invited",
            target=member,
            program=program,
            changes={"email": [None, email], "role": [None, member.get_role_display()]},
        )
        transaction.on_commit(lambda: tasks.send_team_invitation.delay(invitation_id=invitation.pk))
    return invitation


def accept_invitation(*, invitation: TeamInvitation, password: str):
    """Create the invitee's account with this password (its address is verified: the link
    reached it) and put it on the team. Returns the user."""
    member = invitation.member
    User = get_user_model()
    if User.objects.filter(email__iexact=member.email).exists():
        raise ValidationError(
            "An account with this email address already exists. Sign in, then open the link again."
        )
    first_name, _, last_name = member.name.partition(" ")
    user = User(email=member.email.lower(), first_name=first_name, last_name=last_name)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
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
        _join(invitation=invitation, user=user)


def _join(*, invitation: TeamInvitation, user) -> None:
    member = invitation.member
    ensure_program_is_active(member.program)
    now = timezone.now()
    member.user = user
    member.joined_at = now
    member.save(update_fields=["user", "joined_at"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    record_event(
        actor=user,
        action="planning.member_joined",
        target=member,
        program=member.program,
        changes={"joined": [None, member.get_role_display()]},
    )
