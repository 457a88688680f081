"""The one place rotation's services queue Celery tasks: ids only, sent after the commit."""

from django.db import transaction

from rotation import tasks


def queue_change_notice(*, session_id: int, summary: str) -> None:
    transaction.on_commit(
        lambda: tasks.notify_session_changed.delay(session_id=session_id, summary=summary)
    )


def queue_publication_notices(*, program_id: int, session_ids: list[int]) -> None:
    transaction.on_commit(
        lambda: tasks.notify_schedule_published.delay(
            program_id=program_id, session_ids=session_ids
        )
    )


def queue_invitation(*, user_id: int, program_id: int, base_url: str) -> None:
    transaction.on_commit(
        lambda: tasks.send_learner_invitation.delay(
            user_id=user_id, program_id=program_id, base_url=base_url
        )
    )


def queue_letter(*, letter_id: int) -> None:
    transaction.on_commit(lambda: tasks.send_excusal_letter.delay(letter_id=letter_id))
