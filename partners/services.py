"""Writes about partners and their faculty: organizations, sites, meeting rooms, blackout dates,
faculty members and invitations, each audited."""

from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from audit.changes import snapshot
from audit.services import audited, record_event
from outbox.services import enqueue
from partners.models import (
    Agreement,
    AgreementReminder,
    Contact,
    ExpertiseArea,
    FacultyInvitation,
    FacultyMember,
    MeetingRoom,
    Organization,
    RoomBlackout,
    Site,
)
from partners.selectors import agreements_due_for_reminder

# --- Organizations, sites, rooms and faculty: audited saves ------------------------------------


def _editable_fields(model: type[models.Model]) -> list[str]:
    """Every field a form may edit (a new object is audited without further ado)."""
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _save_audited(instance: models.Model, *, actor, kind: str, lookup=None, related=None) -> None:
    """Save a new or changed object (validated by its form) and record `<kind>.created`, or
    `<kind>.changed` with the fields that differ. `related` names the many-to-many values to
    set and audit along with the fields."""
    model = type(instance)
    fields = _editable_fields(model)
    related = related or {}

    def describe(each: models.Model) -> dict:
        labels = {name: sorted(map(str, getattr(each, name).all())) for name in related}
        return {**snapshot(each, fields), **labels}

    stored = (lookup or model.objects).filter(pk=instance.pk).first() if instance.pk else None
    with audited(
        actor=actor,
        action=f"{kind}.changed",
        created_action=f"{kind}.created",
        target=instance,
        describe=describe,
        before=describe(stored) if stored else None,
    ):
        instance.save()
        for name, values in related.items():
            getattr(instance, name).set(values)


def save_organization(*, organization: Organization, actor) -> Organization:
    _save_audited(organization, actor=actor, kind="organization")
    return organization


def save_site(*, site: Site, actor) -> Site:
    _save_audited(
        site, actor=actor, kind="site", lookup=Site.objects.select_related("organization")
    )
    return site


def save_meeting_room(*, room: MeetingRoom, actor) -> MeetingRoom:
    lookup = MeetingRoom.objects.select_related("site__organization")
    _save_audited(room, actor=actor, kind="room", lookup=lookup)
    return room


def save_faculty_member(
    *, faculty_member: FacultyMember, expertise: Iterable[ExpertiseArea], actor
) -> FacultyMember:
    """A new or edited faculty member with their expertise (by their managers or themselves)."""
    _save_audited(
        faculty_member,
        actor=actor,
        kind="faculty",
        lookup=FacultyMember.objects.select_related("organization", "user"),
        related={"expertise": list(expertise)},
    )
    return faculty_member


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


def invite_faculty(
    *, faculty_member: FacultyMember, invited_by, base_url: str = ""
) -> FacultyInvitation:
    """Send a fresh 'set your password' link; earlier links stop working. The link starts with
    `base_url` (the address the director is using, e.g. "https://host/"), else SITE_URL. A
    prospect becomes invited; a confirmed member stays confirmed (an invitation never lowers a
    status)."""
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
        if faculty_member.recruitment_status == FacultyMember.RecruitmentStatus.PROSPECT:
            faculty_member.recruitment_status = FacultyMember.RecruitmentStatus.INVITED
            faculty_member.save(update_fields=["recruitment_status"])
        enqueue("partners.send_faculty_invitation", invitation_id=invitation.pk, base_url=base_url)
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
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])


# --- Contacts -----------------------------------------------------------------------------------


def save_contact(*, contact: Contact, actor) -> Contact:
    """A new or edited contact of an organization (validated by its form)."""
    _save_audited(
        contact, actor=actor, kind="contact", lookup=Contact.objects.select_related("organization")
    )
    return contact


def remove_contact(*, contact: Contact, actor) -> None:
    with transaction.atomic():
        record_event(
            actor=actor,
            action="contact.removed",
            target=contact.organization,
            changes={"contact": [f"{contact.name} <{contact.email}>", None]},
        )
        contact.delete()


# --- Agreements ---------------------------------------------------------------------------------


def check_agreement_document(upload: UploadedFile) -> str:
    """The cleaned name of an acceptable signed document (a PDF within the size limit);
    ValidationError otherwise."""
    name = PurePath((upload.name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|').strip()
    limit = settings.PARTNERS_AGREEMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The document is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if not name.lower().endswith(".pdf") or head != b"%PDF-":
        raise ValidationError("The signed document must be a PDF file.")
    return name[:200]


def _attach_document(agreement: Agreement, upload: UploadedFile | None) -> None:
    """Store an acceptable upload under a random name (only ".pdf" is kept) on the unsaved
    agreement; the caller saves it and deletes the file again if saving fails."""
    if upload is None:
        return
    name = check_agreement_document(upload)
    agreement.document.save("signed.pdf", upload, save=False)
    agreement.document_name = name
    agreement.document_size = upload.size


def save_agreement(
    *, agreement: Agreement, document: UploadedFile | None = None, actor
) -> Agreement:
    """A new or edited agreement (validated by its form), with its signed document if one is
    uploaded (a PDF; the file is removed again if saving fails, the one it replaces once the
    change is saved)."""
    replaced = agreement.document.name if document is not None and agreement.document else ""
    _attach_document(agreement, document)
    try:
        with transaction.atomic():
            _save_audited(
                agreement,
                actor=actor,
                kind="agreement",
                lookup=Agreement.objects.select_related("organization", "sponsor"),
            )
    except Exception:
        if document is not None:
            agreement.document.delete(save=False)
        raise
    if replaced:  # only once the new one is stored and saved
        agreement.document.storage.delete(replaced)
    return agreement


def renew_agreement(
    *, agreement: Agreement, starts_on, ends_on, signed_on=None, document=None, actor
) -> Agreement:
    """A new term for the agreement: a copy of what each side provides with the new dates (and
    document, if given), which `renews` the old one; the old one is kept as history. A renewed
    agreement cannot be renewed twice."""
    if ends_on < starts_on:
        raise ValidationError("The new term must end after it starts.")
    fields = {
        name: getattr(agreement, name)
        for name in _editable_fields(Agreement)
        if name.startswith(("partner_", "sponsor_")) or name in {"organization", "sponsor", "title"}
    }
    renewal = Agreement(
        **fields,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        renews=agreement,
        created_by=actor,
    )
    _attach_document(renewal, document)
    try:
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if Agreement.objects.filter(renews=locked).exists():
                raise ValidationError("This agreement has already been renewed.")
            renewal.save()
            record_event(
                actor=actor,
                action="agreement.renewed",
                target=agreement,
                changes={
                    "term": [
                        f"{agreement.starts_on.isoformat()} – {agreement.ends_on.isoformat()}",
                        f"{starts_on.isoformat()} – {ends_on.isoformat()}",
                    ]
                },
            )
    except Exception:
        if document is not None:
            renewal.document.delete(save=False)
        raise
    return renewal


def send_agreement_reminders(*, today: date) -> int:
    """Record and send the reminders of agreements ending in 60 or 14 days. Each threshold is
    recorded once per agreement (a unique row), so running again sends nothing new; an agreement
    that enters both windows at once gets one email, for the nearer end. Returns the number of
    emails queued."""
    queued = 0
    for agreement, thresholds in agreements_due_for_reminder(today=today):
        with transaction.atomic():
            recorded = [
                days
                for days in thresholds
                if AgreementReminder.objects.get_or_create(agreement=agreement, days_before=days)[1]
            ]
            if recorded:
                enqueue(
                    "partners.send_agreement_reminder",
                    job_key=f"agreement-reminder:{agreement.pk}:{min(recorded)}",
                    agreement_id=agreement.pk,
                    days_before=min(recorded),
                )
                queued += 1
    return queued
