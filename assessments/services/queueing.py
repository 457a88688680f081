"""The one place assessments' services start background jobs: through the outbox, ids only,
inside the transaction of the change (sent once it commits)."""

from outbox.services import enqueue


def queue_reminders(*, administration_id: int, key: str) -> None:
    enqueue("assessments.send_reminders", administration_id=administration_id, key=key)


def queue_comparison_link(*, link_id: int) -> None:
    enqueue("assessments.send_comparison_link", link_id=link_id)
