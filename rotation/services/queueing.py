"""The one place rotation's services start background jobs: through the outbox, ids only, inside
the transaction of the change (sent once it commits)."""

from outbox.services import enqueue


def queue_change_notice(*, session_id: int, summary: str) -> None:
    enqueue("rotation.notify_session_changed", session_id=session_id, summary=summary)


def queue_publication_notices(*, program_id: int, session_ids: list[int]) -> None:
    enqueue("rotation.notify_schedule_published", program_id=program_id, session_ids=session_ids)


def queue_invitation(*, user_id: int, program_id: int, base_url: str) -> None:
    enqueue(
        "rotation.send_learner_invitation",
        user_id=user_id,
        program_id=program_id,
        base_url=base_url,
    )


def queue_invitations(*, user_ids: list[int], program_id: int, base_url: str) -> None:
    enqueue(
        "rotation.send_learner_invitations",
        user_ids=user_ids,
        program_id=program_id,
        base_url=base_url,
    )


def queue_roster_import_job(*, import_id: int) -> None:
    enqueue("rotation.run_roster_import", import_id=import_id)


def queue_letter(*, letter_id: int) -> None:
    enqueue("rotation.send_excusal_letter", letter_id=letter_id)


def queue_logistics_sheet(*, program_id: int, day: str) -> None:
    enqueue("rotation.send_logistics_sheet", program_id=program_id, day=day)
