"""Writes about partners and their faculty: meeting rooms, invitations, availability,
volunteering, withdrawals and session materials. Faculty placement goes through
rotation.services.schedule_session."""

import zipfile
from datetime import date, timedelta
from pathlib import PurePath

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format

from audit.changes import diff, snapshot
from audit.services import record_event
from partners import tasks
from partners.models import (
    FacultyAvailability,
    FacultyInvitation,
    FacultyMember,
    MeetingRoom,
    RoomBlackout,
    SessionMaterial,
    TeachingWithdrawal,
    VolunteerOffer,
)
from partners.selectors import program_days, programs_for_faculty
from rotation.models import Program, SeminarSession, SessionFaculty, Topic
from rotation.services import ensure_program_is_active, schedule_session

ALLOWED_MATERIALS = {
    # extension: (content type, check of the file's first bytes / structure)
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
OFFICE_PART = {".pptx": "ppt/", ".docx": "word/"}


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


class InvitationUsed(Exception):
    """The invitation was accepted (or replaced) meanwhile: a double click, a second tab."""


def _claim_invitation(invitation: FacultyInvitation) -> FacultyInvitation:
    """Lock the invitation for this transaction: of simultaneous acceptances the first wins and
    the others, let through once it has committed, find it used."""
    claimed = (
        FacultyInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at=None, revoked_at=None)
        .first()
    )
    if claimed is None:
        raise InvitationUsed
    claimed.accepted_at = timezone.now()
    claimed.save(update_fields=["accepted_at"])
    return claimed


def accept_invitation(*, invitation: FacultyInvitation, password: str):
    """Create the faculty member's account with this password (its address is verified: the
    link reached it), link it, and mark the member confirmed. Returns the user. Raises
    InvitationUsed when another acceptance got there first."""
    member = invitation.faculty_member
    User = get_user_model()
    email = member.email.lower()
    user = User(email=email, first_name=member.first_name, last_name=member.last_name)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        _claim_invitation(invitation)
        if member.user_id is not None or User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "An account with this email address already exists. Sign in, or reset your "
                "password."
            )
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        member.user = user
        member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
        member.save(update_fields=["user", "recruitment_status"])
    return user


def link_existing_account(*, invitation: FacultyInvitation, user) -> None:
    """Link the invitation's faculty member to the signed-in account with the same address
    (a liaison or director who also teaches). Raises InvitationUsed as accept_invitation does."""
    member = invitation.faculty_member
    if user.email.lower() != member.email.lower():
        raise ValidationError(
            f"This invitation is for {member.email}; you are signed in as {user.email}."
        )
    if member.user_id is not None or hasattr(user, "faculty_profile"):
        raise ValidationError("This account is already linked to a faculty member.")
    with transaction.atomic():
        _claim_invitation(invitation)
        member.user = user
        member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
        member.save(update_fields=["user", "recruitment_status"])


# --- Availability -------------------------------------------------------------------------------


def set_availability(
    *, faculty_member: FacultyMember, program: Program, choices: dict[date, str]
) -> None:
    """Replace the member's availability for the program's days; an empty choice clears a day."""
    ensure_program_is_active(program)
    days = set(program_days(program=program))
    unknown = sorted(set(choices) - days)
    if unknown:
        raise ValidationError(
            f"{date_format(unknown[0], 'D j M Y')} is not a day of {program.name}."
        )
    valid = set(FacultyAvailability.Choice.values)
    if any(choice and choice not in valid for choice in choices.values()):
        raise ValidationError("Choose morning, afternoon, all day or not available.")
    with transaction.atomic():
        rows = FacultyAvailability.objects.filter(faculty_member=faculty_member, program=program)
        rows.filter(day__in=[day for day, choice in choices.items() if not choice]).delete()
        for day, choice in choices.items():
            if choice:
                FacultyAvailability.objects.update_or_create(
                    faculty_member=faculty_member,
                    program=program,
                    day=day,
                    defaults={"choice": choice},
                )


# --- Volunteering -------------------------------------------------------------------------------


def volunteer(
    *,
    faculty_member: FacultyMember,
    session: SeminarSession | None = None,
    topic: Topic | None = None,
    note: str = "",
) -> VolunteerOffer:
    """Offer to teach an open session, or a topic that has no session yet."""
    if (session is None) == (topic is None):
        raise ValidationError("Volunteer for one session or one topic.")
    program = session.program if session else topic.program
    ensure_program_is_active(program)
    if not programs_for_faculty(faculty_member=faculty_member).filter(pk=program.pk).exists():
        raise ValidationError("Your organization does not take part in this program.")
    if session is not None:
        if session.status != SeminarSession.Status.PUBLISHED or session.starts_at <= timezone.now():
            raise ValidationError("This session is no longer open to volunteers.")
        if session.faculty_assignments.filter(faculty_member=faculty_member).exclude(
            confirmation="declined"
        ):
            raise ValidationError("You already teach this session.")
    if len(note) > 1000:
        raise ValidationError("Keep the note under 1,000 characters.")
    try:
        with transaction.atomic():
            offer = VolunteerOffer.objects.create(
                faculty_member=faculty_member,
                program=program,
                session=session,
                topic=None if session else topic,
                note=note.strip(),
            )
    except IntegrityError:
        raise ValidationError("You have already volunteered for this.") from None
    transaction.on_commit(lambda: tasks.send_new_offer_notice.delay(offer_id=offer.pk))
    return offer


def confirm_offer(*, offer: VolunteerOffer, decided_by) -> VolunteerOffer:
    """Accept a volunteer. For a session, place them on it through the scheduling service
    (which refuses a faculty member in two places) and confirm them there."""
    ensure_program_is_active(offer.program)
    if offer.status != VolunteerOffer.Status.OFFERED:
        raise ValidationError("This offer has already been decided.")
    if offer.session is not None and offer.session.is_cancelled:
        raise ValidationError("The session was cancelled; decline the offer instead.")
    with transaction.atomic():
        session = offer.session
        if session is not None:
            place_faculty(session=session, faculty_member=offer.faculty_member, actor=decided_by)
        member = offer.faculty_member
        if member.recruitment_status != FacultyMember.RecruitmentStatus.CONFIRMED:
            member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
            member.save(update_fields=["recruitment_status"])
        _decide(offer, VolunteerOffer.Status.CONFIRMED, decided_by, "")
    return offer


def place_faculty(*, session: SeminarSession, faculty_member: FacultyMember, actor=None) -> None:
    current = [
        (a.faculty_member, a.role)
        for a in session.faculty_assignments.exclude(confirmation="declined").select_related(
            "faculty_member"
        )
    ]
    has_lead = any(role == SessionFaculty.Role.LEAD for _member, role in current)
    role = SessionFaculty.Role.PANELIST if has_lead else SessionFaculty.Role.LEAD
    schedule_session(
        program=session.program,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=session.room,
        topic=session.topic,
        description=session.description,
        faculty=[*current, (faculty_member, role)],
        session=session,
        actor=actor,
    )
    try:
        with transaction.atomic():
            SessionFaculty.objects.filter(session=session, faculty_member=faculty_member).update(
                confirmation=SessionFaculty.Confirmation.CONFIRMED
            )
    except IntegrityError as error:
        raise ValidationError(
            f"{faculty_member.full_name} was booked elsewhere at the same moment."
        ) from error


def decline_offer(*, offer: VolunteerOffer, decided_by, note: str = "") -> VolunteerOffer:
    ensure_program_is_active(offer.program)
    if offer.status != VolunteerOffer.Status.OFFERED:
        raise ValidationError("This offer has already been decided.")
    with transaction.atomic():
        _decide(offer, VolunteerOffer.Status.DECLINED, decided_by, note.strip())
    return offer


def _decide(offer: VolunteerOffer, status: str, decided_by, note: str) -> None:
    offer.status = status
    offer.decided_at = timezone.now()
    offer.decided_by = decided_by
    offer.decision_note = note
    offer.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    transaction.on_commit(lambda: tasks.send_offer_decision.delay(offer_id=offer.pk))


def withdrawal_deadline(*, session: SeminarSession):
    return session.starts_at - timedelta(days=settings.PARTNERS_WITHDRAWAL_DEADLINE_DAYS)


def withdraw_from_session(
    *, faculty_member: FacultyMember, session: SeminarSession, reason: str
) -> TeachingWithdrawal:
    """A confirmed faculty member steps back before the deadline; the directors are told."""
    ensure_program_is_active(session.program)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Tell the course director why you are withdrawing.")
    assignment = session.faculty_assignments.filter(
        faculty_member=faculty_member, confirmation=SessionFaculty.Confirmation.CONFIRMED
    ).first()
    if assignment is None:
        raise ValidationError("You are not confirmed for this session.")
    deadline = withdrawal_deadline(session=session)
    if timezone.now() > deadline:
        when = date_format(timezone.localtime(deadline), "D j M Y, H:i")
        raise ValidationError(
            f"The deadline to withdraw was {when}; please contact the course director."
        )
    with transaction.atomic():
        assignment.confirmation = SessionFaculty.Confirmation.DECLINED
        assignment.save(update_fields=["confirmation"])
        session.volunteer_offers.filter(
            faculty_member=faculty_member, status=VolunteerOffer.Status.CONFIRMED
        ).update(status=VolunteerOffer.Status.WITHDRAWN)
        withdrawal = TeachingWithdrawal.objects.create(
            session=session, faculty_member=faculty_member, reason=reason
        )
        record_event(
            actor=faculty_member.user,
            action="session.faculty_withdrew",
            target=session,
            program=session.program,
            changes={"faculty": [f"{faculty_member} (confirmed)", f"{faculty_member} (withdrew)"]},
        )
        transaction.on_commit(
            lambda: tasks.send_withdrawal_notice.delay(withdrawal_id=withdrawal.pk)
        )
    return withdrawal


# --- Session materials --------------------------------------------------------------------------


def clean_file_name(name: str) -> str:
    """The file's own name without any folder part or control characters, for display only."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '/\\:*?"<>|').strip()
    return cleaned[:200] or "material"


def _check_material(upload: UploadedFile) -> tuple[str, str]:
    """The cleaned name and content type of an acceptable upload; ValidationError otherwise."""
    name = clean_file_name(upload.name or "")
    suffix = PurePath(name).suffix.lower()
    limit = settings.PARTNERS_MATERIAL_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
        )
    if suffix not in ALLOWED_MATERIALS:
        raise ValidationError("Upload a PDF, PowerPoint (.pptx) or Word (.docx) file.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf":
        is_valid = head.startswith(b"%PDF-")
    else:
        is_valid = head.startswith(b"PK\x03\x04") and _is_office_file(upload, OFFICE_PART[suffix])
    upload.seek(0)
    if not is_valid:
        raise ValidationError(f"The file is not a valid {suffix[1:].upper()} file.")
    return name, ALLOWED_MATERIALS[suffix]


def _is_office_file(upload: UploadedFile, part: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)


def add_material(*, session: SeminarSession, upload: UploadedFile, uploaded_by) -> SessionMaterial:
    ensure_program_is_active(session.program)
    name, content_type = _check_material(upload)
    material = SessionMaterial(
        session=session,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    # The stored name is random (see session_material_path); only the extension is kept.
    material.file.save(name, upload, save=False)
    try:
        material.save()
    except Exception:
        material.file.delete(save=False)
        raise
    return material


def delete_material(*, material: SessionMaterial) -> None:
    ensure_program_is_active(material.session.program)
    material.file.delete(save=False)
    material.delete()
