"""Writes about patient and family partners: their profile, co-teaching assignments, the
orientation checklist, honoraria and the feedback they give from a signed link. Each write is
audited in its own transaction and refused on an archived program."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import record_event
from outbox.services import enqueue
from planning.models import (
    CoTeaching,
    Honorarium,
    OrientationCompletion,
    OrientationItem,
    PatientFeedback,
    PatientPartnerProfile,
    TeamMember,
)
from planning.patients.selectors import (
    DEFAULT_ORIENTATION,
    FeedbackLink,
    co_teaching_due_feedback_request,
)
from rotation.models import Program, SeminarSession
from rotation.services.programs import ensure_program_is_active

PROFILE_FIELDS = (
    "lived_experience",
    "ways_to_take_part",
    "organization_name",
    "preferred_contact",
    "phone",
    "contact_notes",
)


def _ensure_patient_partner(member: TeamMember) -> None:
    if member.role != TeamMember.Role.PATIENT_PARTNER:
        raise ValidationError(f"{member.name} is not a patient or family partner of the team.")


def save_patient_profile(*, member: TeamMember, saved_by, **fields) -> PatientPartnerProfile:
    """Write the partner's profile (made on first save); `fields` are PROFILE_FIELDS."""
    ensure_program_is_active(member.program)
    _ensure_patient_partner(member)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        profile, created = PatientPartnerProfile.objects.select_for_update().get_or_create(
            member=member
        )
        before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        for name, value in fields.items():
            setattr(profile, name, value.strip() if isinstance(value, str) else value)
        profile.save()
        changes = {
            name: [None if created else before[name], getattr(profile, name)]
            for name in PROFILE_FIELDS
            if created or before[name] != getattr(profile, name)
        }
        if changes:
            record_event(
                actor=saved_by,
                action="patient_partner.profile_saved",
                target=member,
                program=member.program,
                changes=changes,
            )
    return profile


# --- Co-teaching --------------------------------------------------------------------------------


def assign_co_teaching(
    *, session: SeminarSession, member: TeamMember, contribution: str, assigned_by
) -> CoTeaching:
    """Put the patient partner beside the session's faculty, saying what they contribute."""
    ensure_program_is_active(session.program)
    _ensure_patient_partner(member)
    if member.program_id != session.program_id:
        raise ValidationError("Choose a session of this program.")
    if session.status == SeminarSession.Status.CANCELLED:
        raise ValidationError(f"“{session.title}” is cancelled.")
    if not contribution.strip():
        raise ValidationError("Say what they contribute, e.g. “shares their story”.")
    try:
        with transaction.atomic():
            assignment = CoTeaching.objects.create(
                session=session,
                member=member,
                contribution=contribution.strip(),
                assigned_by=assigned_by,
            )
            record_event(
                actor=assigned_by,
                action="patient_partner.co_teaching_assigned",
                target=member,
                program=session.program,
                changes={"session": [None, str(session)], "contribution": [None, contribution]},
            )
    except IntegrityError:
        raise ValidationError(f"{member.name} co-teaches “{session.title}” already.") from None
    return assignment


def remove_co_teaching(*, assignment: CoTeaching, removed_by) -> None:
    """Take the partner off the session; refused once they gave feedback on it (kept)."""
    session = assignment.session
    ensure_program_is_active(session.program)
    if PatientFeedback.objects.filter(co_teaching=assignment).exists():
        raise ValidationError(
            f"{assignment.member.name} gave feedback on “{session.title}”: the assignment stays."
        )
    with transaction.atomic():
        record_event(
            actor=removed_by,
            action="patient_partner.co_teaching_removed",
            target=assignment.member,
            program=session.program,
            changes={"session": [str(session), None]},
        )
        assignment.delete()


# --- Orientation --------------------------------------------------------------------------------


def _record_checklist_change(*, program: Program, by, changes: dict) -> None:
    record_event(
        actor=by,
        action="patient_partner.orientation_changed",
        target=program,
        program=program,
        changes=changes,
    )


def use_default_orientation(*, program: Program, by) -> list[OrientationItem]:
    """Start the program's checklist from the default items (those it lacks are added)."""
    ensure_program_is_active(program)
    with transaction.atomic():
        have = {
            title.lower() for title in program.orientation_items.values_list("title", flat=True)
        }
        start = program.orientation_items.count()
        added = [
            OrientationItem.objects.create(program=program, title=title, position=start + index)
            for index, title in enumerate(t for t in DEFAULT_ORIENTATION if t.lower() not in have)
        ]
        if added:
            _record_checklist_change(
                program=program, by=by, changes={"added": [None, [item.title for item in added]]}
            )
    return added


def add_orientation_item(*, program: Program, title: str, by) -> OrientationItem:
    ensure_program_is_active(program)
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Write the item first.")
    if program.orientation_items.filter(title__iexact=title).exists():
        raise ValidationError(f"“{title}” is on the checklist already.")
    try:
        with transaction.atomic():
            item = OrientationItem.objects.create(
                program=program, title=title, position=program.orientation_items.count()
            )
            _record_checklist_change(program=program, by=by, changes={"added": [None, title]})
    except IntegrityError:
        raise ValidationError(f"“{title}” is on the checklist already.") from None
    return item


def remove_orientation_item(*, item: OrientationItem, by) -> None:
    """Remove an item nobody has completed (completions are a record: they stay)."""
    ensure_program_is_active(item.program)
    if item.completions.exists():
        raise ValidationError(
            f"“{item.title}” has been completed by a partner already: it stays on the checklist."
        )
    with transaction.atomic():
        _record_checklist_change(
            program=item.program, by=by, changes={"removed": [item.title, None]}
        )
        item.delete()


def record_orientation(
    *, member: TeamMember, completed_item_ids: set[int], completed_on: date, recorded_by
) -> tuple[int, int]:
    """Make the member's completed items exactly `completed_item_ids`: newly ticked ones are
    completed on `completed_on`, unticked ones are undone. Returns (completed, undone)."""
    ensure_program_is_active(member.program)
    _ensure_patient_partner(member)
    items = {item.pk: item for item in member.program.orientation_items.all()}
    if not completed_item_ids <= items.keys():
        raise ValidationError("Tick items of this program's checklist.")
    if completed_on > timezone.localdate():
        raise ValidationError("The completion date cannot be in the future.")
    with transaction.atomic():
        done = {
            completion.item_id: completion
            for completion in member.orientation_completions.select_for_update()
        }
        newly = sorted(completed_item_ids - done.keys())
        undone = sorted(done.keys() - completed_item_ids)
        OrientationCompletion.objects.bulk_create(
            OrientationCompletion(
                item=items[pk], member=member, completed_on=completed_on, recorded_by=recorded_by
            )
            for pk in newly
        )
        member.orientation_completions.filter(item_id__in=undone).delete()
        if newly or undone:
            record_event(
                actor=recorded_by,
                action="patient_partner.orientation_recorded",
                target=member,
                program=member.program,
                changes={
                    **{items[pk].title: [None, completed_on.isoformat()] for pk in newly},
                    **{items[pk].title: [done[pk].completed_on.isoformat(), None] for pk in undone},
                },
            )
    return len(newly), len(undone)


# --- Honoraria ----------------------------------------------------------------------------------


def record_honorarium(
    *, member: TeamMember, amount: Decimal, paid_on: date, note: str, recorded_by
) -> Honorarium:
    ensure_program_is_active(member.program)
    _ensure_patient_partner(member)
    if amount is None or amount <= 0:
        raise ValidationError("The amount must be more than 0.")
    with transaction.atomic():
        honorarium = Honorarium.objects.create(
            member=member,
            amount=amount,
            paid_on=paid_on,
            note=note.strip(),
            recorded_by=recorded_by,
        )
        record_event(
            actor=recorded_by,
            action="patient_partner.honorarium_recorded",
            target=member,
            program=member.program,
            changes={"amount": [None, str(amount)], "paid_on": [None, paid_on.isoformat()]},
        )
    return honorarium


# --- Feedback on learners -----------------------------------------------------------------------


def request_due_feedback(*, now: datetime) -> int:
    """What celery beat runs: each partner whose session ended is emailed their link once (the
    assignment is marked in the transaction that queues the email). Returns how many."""
    requested = 0
    for pk in co_teaching_due_feedback_request(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            assignment = (
                CoTeaching.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, feedback_requested_at=None)
                .select_related("member", "session__program")
                .first()
            )
            if assignment is None:
                continue  # a simultaneous run took it
            assignment.feedback_requested_at = now
            assignment.save(update_fields=["feedback_requested_at"])
            record_event(
                actor=None,
                action="patient_partner.feedback_requested",
                target=assignment.member,
                program=assignment.session.program,
                changes={"session": [None, str(assignment.session)]},
            )
            enqueue("planning.send_patient_feedback_request", co_teaching_id=assignment.pk)
        requested += 1
    return requested


def submit_patient_feedback(
    *, link: FeedbackLink, ratings: dict[str, int | None], comment: str
) -> tuple[PatientFeedback, bool]:
    """Store the partner's answer for the session, or correct it while feedback is open: one
    answer per partner and session whatever the double clicks. Returns (answer, created)."""
    if link.state != "open":
        raise ValidationError("Feedback on this session is not open.")
    assignment = link.co_teaching
    ensure_program_is_active(assignment.session.program)
    values = {**ratings, "comment": comment.strip()}
    with transaction.atomic():
        # The assignment's row lock makes simultaneous first answers wait for each other.
        CoTeaching.objects.select_for_update().filter(pk=assignment.pk).exists()
        answer, created = PatientFeedback.objects.update_or_create(
            co_teaching=assignment, defaults=values
        )
        record_event(
            actor=None,
            action="patient_partner.feedback_submitted",
            target=assignment.member,
            program=assignment.session.program,
            changes={"session": [None, str(assignment.session)], "corrected": [None, not created]},
        )
    return answer, created
