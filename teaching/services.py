"""Writes about teaching: availability, volunteering and the directors' decisions, withdrawals,
session materials, printing records and recognition letters. Faculty placement goes through
rotation.services.schedule_session; every write first refuses an archived program."""

import zipfile
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format

from audit.services import record_event
from outbox.services import enqueue
from partners.models import FacultyMember, Organization
from rotation.models import Program, SeminarSession, SessionFaculty, Topic
from rotation.services.programs import ensure_program_is_active
from rotation.services.scheduling import schedule_session
from teaching.models import (
    FacultyAvailability,
    FacultySurvey,
    PrintingRecord,
    SessionMaterial,
    TeachingWithdrawal,
    VolunteerOffer,
)
from teaching.selectors.availability import program_days, programs_for_faculty
from teaching.selectors.recognition import faculty_who_taught
from teaching.selectors.surveys import programs_due_for_survey, surveys_due_for_reminder

ALLOWED_MATERIALS = {
    # extension: (content type, check of the file's first bytes / structure)
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
OFFICE_PART = {".pptx": "ppt/", ".docx": "word/"}


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
            enqueue("partners.send_new_offer_notice", offer_id=offer.pk)
    except IntegrityError:
        raise ValidationError("You have already volunteered for this.") from None
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
    enqueue("partners.send_offer_decision", offer_id=offer.pk)


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
        enqueue("partners.send_withdrawal_notice", withdrawal_id=withdrawal.pk)
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


# --- Printing and recognition letters ---------------------------------------------------------


def record_printing(
    *, organization: Organization, program: Program, pages: int, description: str = "", actor
) -> PrintingRecord:
    """Pages the partner printed or copied for one of its programs (validated by its form)."""
    ensure_program_is_active(program)
    with transaction.atomic():
        record = PrintingRecord.objects.create(
            organization=organization, program=program, pages=pages, description=description
        )
        record_event(
            actor=actor,
            action="printing.recorded",
            target=record,
            program=program,
            changes={"pages": [None, pages], "description": [None, description]},
        )
    return record


def send_recognition_letter(*, faculty_member: FacultyMember, program: Program, signed_by: str):
    """Email the member their recognition letter for the program, once the request commits."""
    with transaction.atomic():
        enqueue(
            "partners.send_recognition_letter",
            faculty_member_id=faculty_member.pk,
            program_id=program.pk,
            signed_by=signed_by,
        )


# --- Faculty experience survey ------------------------------------------------------------------


def send_faculty_surveys(*, now: datetime) -> dict[str, int]:
    """Invite each faculty member who taught in a program that has just ended (once: a survey
    row per member and program), and remind once those who have not answered a week later.
    Idempotent: beat may run it as often as it likes."""
    invited = 0
    for program in programs_due_for_survey(today=timezone.localdate(now)):
        asked = set(program.faculty_surveys.values_list("faculty_member_id", flat=True))
        for member in faculty_who_taught(program=program):
            if member.pk in asked:
                continue
            with transaction.atomic():
                survey, created = FacultySurvey.objects.get_or_create(
                    faculty_member=member, program=program, defaults={"invited_at": now}
                )
                if created:
                    enqueue("teaching.send_faculty_survey", survey_id=survey.pk, kind="invitation")
                    invited += 1
    reminded = 0
    for survey in surveys_due_for_reminder(now=now):
        with transaction.atomic():
            claimed = FacultySurvey.objects.filter(pk=survey.pk, reminded_at=None).update(
                reminded_at=now
            )
            if claimed:
                enqueue("teaching.send_faculty_survey", survey_id=survey.pk, kind="reminder")
                reminded += 1
    return {"invited": invited, "reminded": reminded}


def submit_faculty_survey(*, survey: FacultySurvey, answers: dict) -> FacultySurvey:
    """Store the faculty member's answers (validated by the form); final once submitted."""
    ensure_program_is_active(survey.program)
    with transaction.atomic():
        locked = FacultySurvey.objects.select_for_update().get(pk=survey.pk)
        if locked.is_submitted:
            raise ValidationError("You have already answered this survey. Thank you!")
        for name in ("preparation", "support", "engagement", "logistics"):
            setattr(locked, name, answers[name])
        locked.would_teach_again = answers["would_teach_again"]
        locked.comment = answers.get("comment", "")
        locked.submitted_at = timezone.now()
        locked.save()
    return locked
