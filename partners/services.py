"""Writes about partners and their faculty: organizations, sites, meeting rooms, blackout dates,
faculty members and invitations, each audited."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from audit.changes import snapshot
from audit.services import audited, record_event
from outbox.services import enqueue
from partners.invitations import (
    InvitationUsed,
    ensure_no_account,
    prepare_account,
    save_verified_account,
)
from partners.models import (
    Agreement,
    AgreementReminder,
    Contact,
    ExpertiseArea,
    FacultyInvitation,
    FacultyMember,
    LiaisonInvitation,
    MeetingRoom,
    Organization,
    RoomBlackout,
    Site,
    ValuationRates,
)
from partners.selectors import FACULTY_INVITATIONS, LIAISON_INVITATIONS, agreements_due_for_reminder

__all__ = ["InvitationUsed"]  # the views catch it from here

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
        invitation = FACULTY_INVITATIONS.issue(
            replacing=faculty_member.invitations.all(),
            faculty_member=faculty_member,
            invited_by=invited_by,
        )
        if faculty_member.recruitment_status == FacultyMember.RecruitmentStatus.PROSPECT:
            faculty_member.recruitment_status = FacultyMember.RecruitmentStatus.INVITED
            faculty_member.save(update_fields=["recruitment_status"])
        enqueue("partners.send_faculty_invitation", invitation_id=invitation.pk, base_url=base_url)
    return invitation


def accept_invitation(*, invitation: FacultyInvitation, password: str):
    """Create the faculty member's account with this password (its address is verified: the
    link reached it), link it, and mark the member confirmed. Returns the user. Raises
    InvitationUsed when another acceptance got there first."""
    member = invitation.faculty_member
    user = prepare_account(email=member.email, name=member.full_name, password=password)
    user.first_name, user.last_name = member.first_name, member.last_name
    with transaction.atomic():
        FACULTY_INVITATIONS.claim(invitation)
        if member.user_id is not None:
            raise ValidationError(f"{member.full_name} already has an account: sign in.")
        ensure_no_account(email=user.email)
        save_verified_account(user)
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
        FACULTY_INVITATIONS.claim(invitation)
        member.user = user
        member.recruitment_status = FacultyMember.RecruitmentStatus.CONFIRMED
        member.save(update_fields=["user", "recruitment_status"])


# --- The directory: new organizations and their liaisons ----------------------------------------

# Paths under /partners/ that are pages, not organizations.
RESERVED_SLUGS = {"new", "directory", "liaison-invitations"}


def _free_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "partner"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_organization(*, organization: Organization, actor) -> Organization:
    """Add an organization to the directory (staff or a course director, without the admin);
    its slug comes from its name. The creator manages it until it has liaisons of its own."""
    organization.slug = _free_slug(organization.name)
    organization.created_by = actor
    _save_audited(organization, actor=actor, kind="organization")
    return organization


def invite_liaison(
    *, organization: Organization, name: str, email: str, invited_by, base_url: str = ""
) -> LiaisonInvitation:
    """Email a link that makes its holder a liaison of the organization; an earlier link to the
    same address stops working."""
    email = email.strip().lower()
    if organization.liaisons.filter(email__iexact=email).exists():
        raise ValidationError(f"{email} is a liaison of {organization.name} already.")
    with transaction.atomic():
        invitation = LIAISON_INVITATIONS.issue(
            replacing=organization.liaison_invitations.filter(email__iexact=email),
            organization=organization,
            name=name.strip(),
            email=email,
            invited_by=invited_by,
        )
        record_event(
            actor=invited_by,
            action="organization.liaison_invited",
            target=organization,
            changes={"liaison invited": [None, email]},
        )
        enqueue("partners.send_liaison_invitation", invitation_id=invitation.pk, base_url=base_url)
    return invitation


def accept_liaison_invitation(*, invitation: LiaisonInvitation, password: str):
    """Create the invitee's account with this password and make it a liaison. Returns the
    user; raises InvitationUsed when another acceptance got there first."""
    user = prepare_account(email=invitation.email, name=invitation.name, password=password)
    with transaction.atomic():
        LIAISON_INVITATIONS.claim(invitation)
        ensure_no_account(email=user.email)
        save_verified_account(user)
        _make_liaison(invitation=invitation, user=user)
    return user


def join_as_liaison(*, invitation: LiaisonInvitation, user) -> None:
    """Make the signed-in account with the invitation's address a liaison."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}; you are signed in as {user.email}."
        )
    with transaction.atomic():
        LIAISON_INVITATIONS.claim(invitation)
        _make_liaison(invitation=invitation, user=user)


def _make_liaison(*, invitation: LiaisonInvitation, user) -> None:
    organization = invitation.organization
    organization.liaisons.add(user)
    record_event(
        actor=user,
        action="organization.liaison_joined",
        target=organization,
        changes={"liaisons": [None, user.email]},
    )


# --- In-kind valuation rates --------------------------------------------------------------------


def save_valuation_rates(
    *, organization: Organization, academic_year: str, rates: dict, actor
) -> ValuationRates:
    """Set the organization's rates for the academic year (validated by its form): the first
    change stores a row (the defaults until then), later ones change it; audited either way."""
    with transaction.atomic():
        instance = (
            ValuationRates.objects.select_for_update()
            .filter(organization=organization, academic_year=academic_year)
            .first()
        ) or ValuationRates(organization=organization, academic_year=academic_year)
        stored = snapshot(instance, ValuationRates.RATE_FIELDS) if instance.pk else None
        with audited(
            actor=actor,
            action="rates.changed",
            created_action="rates.created",
            target=instance,
            fields=ValuationRates.RATE_FIELDS,
            before=stored,
        ):
            for name in ValuationRates.RATE_FIELDS:
                setattr(instance, name, Decimal(rates[name]).quantize(Decimal("0.01")))
            instance.save()
    return instance


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
