"""Writes about partners and their faculty: meeting rooms, blackout dates and invitations."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import diff, snapshot
from audit.services import record_event
from partners import tasks
from partners.models import (
    FacultyInvitation,
    FacultyMember,
    MeetingRoom,
    RoomBlackout,
)

# --- Meeting rooms ------------------------------------------------------------------------------

# Every field a room is edited by (a new one is audited without further ado).
AUDITED_ROOM_FIELDS = [
    field.name
    for field in MeetingRoom._meta.concrete_fields
    if field.editable and not field.primary_key
]


def save_meeting_room(*, room: MeetingRoom, actor) -> MeetingRoom:
    """Save a new or changed meeting room (validated by its form) and audit what changed."""
    stored = MeetingRoom.objects.select_related("site__organization").filter(pk=room.pk).first()
    before = snapshot(stored, AUDITED_ROOM_FIELDS) if stored else {}
    with transaction.atomic():
        room.save()
        changes = diff(before, snapshot(room, AUDITED_ROOM_FIELDS))
        if changes or not stored:
            action = "room.changed" if stored else "room.created"
            record_event(actor=actor, action=action, target=room, changes=changes)
    return room


def _blackout_label(blackout: RoomBlackout) -> str:
    day = blackout.date.isoformat()
    return f"{day} ({blackout.reason})" if blackout.reason else day


def add_room_blackout(*, blackout: RoomBlackout, actor) -> RoomBlackout:
    with transaction.atomic():
        blackout.save()
        record_event(
            actor=actor,
            action="room.blackout_added",
            target=blackout.room,
            changes={"blackout date": [None, _blackout_label(blackout)]},
        )
    return blackout


def remove_room_blackout(*, blackout: RoomBlackout, actor) -> None:
    with transaction.atomic():
        blackout.delete()
        record_event(
            actor=actor,
            action="room.blackout_removed",
            target=blackout.room,
            changes={"blackout date": [_blackout_label(blackout), None]},
        )


# --- Invitations --------------------------------------------------------------------------------


def invite_faculty(*, faculty_member: FacultyMember, invited_by) -> FacultyInvitation:
    """Send a fresh 'set your password' link; earlier links stop working."""
    if faculty_member.user_id is not None:
        raise ValidationError(f"{faculty_member.full_name} already has an account.")
    if faculty_member.recruitment_status in {
        FacultyMember.RecruitmentStatus.DECLINED,
        FacultyMember.RecruitmentStatus.INACTIVE,
    }:
        status = faculty_member.get_recruitment_status_display().lower()
        raise ValidationError(
            f"{faculty_member.full_name} is marked {status}; "
            "change the recruitment status before inviting them."
        )
    with transaction.atomic():
        faculty_member.invitations.filter(accepted_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        invitation = FacultyInvitation.objects.create(
            faculty_member=faculty_member, invited_by=invited_by
        )
        faculty_member.recruitment_status = FacultyMember.RecruitmentStatus.INVITED
        faculty_member.save(update_fields=["recruitment_status"])
        transaction.on_commit(
            lambda: tasks.send_faculty_invitation.delay(invitation_id=invitation.pk)
        )
    return invitation


def accept_invitation(*, invitation: FacultyInvitation, password: str):
    """Create the faculty member's account with this password (its address is verified: the
    link reached it), link it, and mark the member confirmed. Returns the user."""
    member = invitation.faculty_member
    User = get_user_model()
    email = member.email.lower()
    if member.user_id is not None or User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            "An account with this email address already exists. Sign in, or reset your password."
        )
    user = User(email=email, first_name=member.first_name, last_name=member.last_name)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        member.user = user
        member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
        member.save(update_fields=["user", "recruitment_status"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return user


def link_existing_account(*, invitation: FacultyInvitation, user) -> None:
    """Link the invitation's faculty member to the signed-in account with the same address
    (a liaison or director who also teaches)."""
    member = invitation.faculty_member
    if user.email.lower() != member.email.lower():
        raise ValidationError(
            f"This invitation is for {member.email}; you are signed in as {user.email}."
        )
    if member.user_id is not None or hasattr(user, "faculty_profile"):
        raise ValidationError("This account is already linked to a faculty member.")
    with transaction.atomic():
        member.user = user
        member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
        member.save(update_fields=["user", "recruitment_status"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
