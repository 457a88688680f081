"""Celery tasks: thin wrappers that look the object up and call rotation.notifications."""

import logging
from datetime import date

from celery import shared_task
from django.db import OperationalError

from outbox.tasks import OutboxTask
from rotation import notifications
from rotation.models import ExcusalLetter, Program, SeminarSession, User
from rotation.services import roster

logger = logging.getLogger(__name__)


@shared_task(
    base=OutboxTask,
    name="rotation.notify_schedule_published",
    delayed_notice="The schedule announcement will be sent as soon as the mail queue is back.",
)
def notify_schedule_published(*, program_id: int, session_ids: list[int]) -> int:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        logger.info("Program %s is gone; no announcement sent.", program_id)
        return 0
    return notifications.send_publication_notices(program=program, session_ids=session_ids)


@shared_task(
    base=OutboxTask,
    name="rotation.notify_session_changed",
    delayed_notice="The change notice will be sent as soon as the mail queue is back.",
)
def notify_session_changed(*, session_id: int, summary: str) -> int:
    session = SeminarSession.objects.select_related("program", "room__site").filter(pk=session_id)
    session = session.first()
    if session is None:
        logger.info("Session %s is gone; no change notice sent.", session_id)
        return 0
    return notifications.send_change_notices(session=session, summary=summary)


@shared_task(
    base=OutboxTask,
    name="rotation.send_learner_invitation",
    delayed_notice="The invitation will be sent as soon as the mail queue is back.",
)
def send_learner_invitation(*, user_id: int, program_id: int, base_url: str) -> int:
    user = User.objects.filter(pk=user_id).first()
    program = Program.objects.filter(pk=program_id).first()
    if user is None or program is None:
        logger.info("User %s or program %s is gone; no invitation sent.", user_id, program_id)
        return 0
    return notifications.send_invitation(user=user, program=program, base_url=base_url)


@shared_task(
    base=OutboxTask,
    name="rotation.send_learner_invitations",
    delayed_notice="The invitations will be sent as soon as the mail queue is back.",
)
def send_learner_invitations(*, user_ids: list[int], program_id: int, base_url: str) -> int:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        logger.info("Program %s is gone; no invitations sent.", program_id)
        return 0
    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    return notifications.send_invitations(users=users, program=program, base_url=base_url)


@shared_task(
    base=OutboxTask,
    atomic_job=False,  # reports its progress as it goes; the import is idempotent itself
    delayed_notice="The roster will be imported as soon as the background queue is back.",
    name="rotation.run_roster_import",
    acks_late=True,
    autoretry_for=(OperationalError,),  # the database went away: worth another try
    max_retries=3,
    retry_backoff=True,
)
def run_roster_import(*, import_id: int) -> str | None:
    job = roster.run_roster_import(import_id=import_id)
    if job is None:
        logger.warning("Roster import %s is gone; nothing imported.", import_id)
        return None
    return job.status


@shared_task(
    base=OutboxTask,
    name="rotation.send_excusal_letter",
    delayed_notice="The excusal letters will be sent as soon as the mail queue is back.",
)
def send_excusal_letter(*, letter_id: int) -> bool:
    letter = (
        ExcusalLetter.objects.select_related("enrollment__learner", "enrollment__program")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        logger.info("Excusal letter %s is gone; nothing sent.", letter_id)
        return False
    return notifications.send_excusal_letter(letter=letter)


@shared_task(
    base=OutboxTask,
    name="rotation.send_logistics_sheet",
    delayed_notice="The logistics sheet will be sent as soon as the mail queue is back.",
)
def send_logistics_sheet(*, program_id: int, day: str) -> int:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        logger.info("Program %s is gone; no logistics sheet sent.", program_id)
        return 0
    return notifications.send_logistics_sheet(program=program, day=date.fromisoformat(day))
