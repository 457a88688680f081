"""Scheduling pre and post administrations and their default windows."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Administration, Instrument
from audit.services import audited
from rotation.models import Program, SeminarSession, User
from rotation.services.programs import ensure_program_is_active


def default_windows(
    *, program: Program, pre_open_days: int = 14, post_days: int = 14
) -> dict[str, tuple[datetime, datetime]]:
    """Pre opens before the first session and closes at its start; post opens after the last
    session and closes `post_days` later."""
    sessions = SeminarSession.objects.filter(program=program).exclude(status="cancelled")
    first = sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    last = sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if first is None:
        start = timezone.make_aware(
            datetime.combine(program.start_date, datetime.min.time().replace(hour=8))
        )
        end = timezone.make_aware(
            datetime.combine(program.end_date, datetime.min.time().replace(hour=17))
        )
        first, last = start, end
    return {
        Administration.Kind.PRE: (first - timedelta(days=pre_open_days), first),
        Administration.Kind.POST: (last, last + timedelta(days=post_days)),
    }


def schedule_administration(
    *,
    instrument: Instrument,
    kind: str,
    opens_at: datetime,
    closes_at: datetime,
    includes_retrospective: bool = False,
    reminder_days: Iterable[int] = (3, 1),
    actor: User | None = None,
) -> Administration:
    """Create or change the pre or post administration of an instrument."""
    ensure_program_is_active(instrument.program)
    if closes_at <= opens_at:
        raise ValidationError("The window must close after it opens.")
    if kind == Administration.Kind.PRE and includes_retrospective:
        raise ValidationError("Retrospective-pre items belong on the post-assessment.")
    reminder_days = sorted({int(d) for d in reminder_days if int(d) > 0}, reverse=True)
    earlier_pre = Administration.objects.filter(
        instrument__program=instrument.program,
        instrument__key=instrument.key,
        instrument__version__lt=instrument.version,
        kind=Administration.Kind.PRE,
    ).select_related("instrument")
    if kind == Administration.Kind.POST and earlier_pre.exists():
        version = earlier_pre.first().instrument.version
        raise ValidationError(
            f"The pre-assessment was given on version {version}; schedule the post on that "
            "version too, so that pre and post answers pair item by item."
        )
    others = {a.kind: a for a in instrument.administrations.exclude(kind=kind)}
    pre = others.get(Administration.Kind.PRE)
    post = others.get(Administration.Kind.POST)
    if kind == Administration.Kind.POST and pre and opens_at < pre.closes_at:
        raise ValidationError("The post-assessment must open after the pre-assessment closes.")
    if kind == Administration.Kind.PRE and post and closes_at > post.opens_at:
        raise ValidationError("The pre-assessment must close before the post-assessment opens.")
    with transaction.atomic():
        stored = instrument.administrations.select_for_update().filter(kind=kind).first()
        administration = stored or Administration(instrument=instrument, kind=kind)
        with audited(
            actor=actor,
            action="administration.scheduled",
            target=administration,
            fields=("opens_at", "closes_at", "includes_retrospective", "reminder_days"),
            program=instrument.program,
        ):
            administration.opens_at = opens_at
            administration.closes_at = closes_at
            administration.includes_retrospective = includes_retrospective
            administration.reminder_days = reminder_days
            administration.save()
    return administration
