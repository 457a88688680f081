"""Writes about the advisory panel: meetings and their record (attendance, minutes, decisions),
action items and their completion, and the owners' reminders. Each write is audited; a
program's meetings are refused once the program is archived."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import snapshot
from audit.services import audited, record_event
from outbox.services import enqueue
from planning.models import ActionItem, ActionReminder, AdvisoryMeeting, MeetingAttendee
from planning.panel.selectors import Candidate, actions_to_remind, reminder_kind
from rotation.services.programs import ensure_program_is_active

MEETING_FIELDS = ["title", "starts_at", "place", "video_link", "agenda", "minutes", "decisions"]


def _guard(meeting: AdvisoryMeeting) -> None:
    if meeting.program is not None:
        ensure_program_is_active(meeting.program)


def save_meeting(*, meeting: AdvisoryMeeting, actor) -> AdvisoryMeeting:
    """A new or changed meeting (its details, agenda, minutes and decisions), validated by its
    form; a meeting needs a place or a video link."""
    _guard(meeting)
    if not meeting.place.strip() and not meeting.video_link.strip():
        raise ValidationError("Give the meeting a place or a video link.")
    if meeting.pk is None:
        meeting.created_by = actor
    stored = AdvisoryMeeting.objects.filter(pk=meeting.pk).first() if meeting.pk else None
    with audited(
        actor=actor,
        action="meeting.changed",
        created_action="meeting.created",
        target=meeting,
        describe=lambda each: snapshot(each, MEETING_FIELDS),
        before=snapshot(stored, MEETING_FIELDS) if stored else None,
        program=meeting.program,
    ):
        meeting.save()
    return meeting


def record_attendance(
    *, meeting: AdvisoryMeeting, invited: list[Candidate], attended: set[str], actor
) -> None:
    """Replace who was invited with `invited`; those whose key is in `attended` attended."""
    _guard(meeting)
    with transaction.atomic():
        before = sorted(_attendance_lines(meeting.attendees.all()))
        meeting.attendees.all().delete()
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(
                meeting=meeting,
                user_id=candidate.user_id,
                member_id=candidate.member_id,
                name=candidate.name,
                attended=candidate.key in attended,
            )
            for candidate in invited
        )
        after = sorted(_attendance_lines(meeting.attendees.all()))
        if before != after:
            record_event(
                actor=actor,
                action="meeting.attendance_recorded",
                target=meeting,
                program=meeting.program,
                changes={"attendance": [before, after]},
            )


def _attendance_lines(attendees) -> list[str]:
    return [f"{a.name}: {'attended' if a.attended else 'invited'}" for a in attendees]


def add_action(*, meeting: AdvisoryMeeting, description: str, owner, due_on, actor) -> ActionItem:
    _guard(meeting)
    if not description.strip():
        raise ValidationError("Say what is to be done.")
    with transaction.atomic():
        action = ActionItem.objects.create(
            meeting=meeting, description=description.strip(), owner=owner, due_on=due_on
        )
        record_event(
            actor=actor,
            action="meeting.action_added",
            target=meeting,
            program=meeting.program,
            changes={"action": [None, f"{action} ({owner}, due {due_on.isoformat()})"]},
        )
    return action


def complete_action(*, action: ActionItem, actor) -> ActionItem:
    """Mark the action done (by its owner or someone who runs the meeting); done twice changes
    nothing."""
    _guard(action.meeting)
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=action.pk)
        if locked.is_done:
            return locked
        locked.status = ActionItem.Status.DONE
        locked.done_at = timezone.now()
        locked.done_by = actor
        locked.save(update_fields=["status", "done_at", "done_by"])
        record_event(
            actor=actor,
            action="meeting.action_done",
            target=action.meeting,
            program=action.meeting.program,
            changes={"done": [None, str(locked)]},
        )
    return locked


def reopen_action(*, action: ActionItem, actor) -> ActionItem:
    _guard(action.meeting)
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=action.pk)
        if not locked.is_done:
            return locked
        locked.status, locked.done_at, locked.done_by = ActionItem.Status.OPEN, None, None
        locked.save(update_fields=["status", "done_at", "done_by"])
        record_event(
            actor=actor,
            action="meeting.action_reopened",
            target=action.meeting,
            program=action.meeting.program,
            changes={"reopened": [None, str(locked)]},
        )
    return locked


# --- Reminders ----------------------------------------------------------------------------------


def queue_action_reminders(*, now: datetime) -> int:
    """Queue today's reminder of every open action that is due within a week or overdue: a week
    before, the day before, overdue (once). A reminder is written before it is queued and never
    written twice, so running this again (beat, a retry) sends nothing new. Returns how many
    were queued."""
    today = timezone.localdate(now)
    queued = 0
    for action in actions_to_remind(today=today):
        kind = reminder_kind(due_on=action.due_on, today=today)
        if kind is None or any(r.kind == kind for r in action.reminders.all()):
            continue
        with transaction.atomic():
            reminder, created = ActionReminder.objects.get_or_create(action=action, kind=kind)
            if created:
                enqueue("planning.send_action_reminder", reminder_id=reminder.pk)
                queued += 1
    return queued


def claim_reminder(*, reminder_id: int) -> ActionReminder | None:
    """Lock an unsent reminder of a still open action for sending (inside the caller's
    transaction); None when it was sent meanwhile or the action is done or gone."""
    reminder = (
        ActionReminder.objects.select_for_update(of=("self",))
        .filter(pk=reminder_id, sent_at=None, action__status=ActionItem.Status.OPEN)
        .select_related("action__meeting__program", "action__owner")
        .first()
    )
    return reminder


def mark_reminder_sent(*, reminder: ActionReminder) -> None:
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["sent_at"])
