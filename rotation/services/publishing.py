"""Publishing a program's draft schedule."""

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from rotation.models import Program, SeminarSession, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import queue_publication_notices
from rotation.services.webhook_events import emit_sessions


def publish_schedule(*, program: Program, actor: User | None = None) -> list[int]:
    """Publish every draft session of the program and queue the announcement emails.
    Returns the ids of the sessions published now (none: nothing is sent)."""
    ensure_program_is_active(program)
    now = timezone.now()
    with transaction.atomic():
        drafts = list(
            program.sessions.select_for_update()
            .filter(status=SeminarSession.Status.DRAFT)
            .values_list("pk", flat=True)
        )
        if not drafts:
            return []
        program.sessions.filter(pk__in=drafts).update(
            status=SeminarSession.Status.PUBLISHED, updated_at=now
        )
        program.sessions.filter(pk__in=drafts, published_at__isnull=True).update(published_at=now)
        published = list(program.sessions.filter(pk__in=drafts))
        for session in published:
            record_event(
                actor=actor,
                action="session.published",
                target=session,
                program=program,
                changes={"status": [SeminarSession.Status.DRAFT, session.status]},
            )
        emit_sessions("session.published", published)
        queue_publication_notices(program_id=program.pk, session_ids=drafts)
    return drafts
