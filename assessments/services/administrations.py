"""Scheduling pre, post and follow-up administrations and their default windows."""

import calendar
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import FOLLOW_UP_MONTHS, Administration, Instrument
from audit.services import audited
from rotation.models import Program, SeminarSession, User
from rotation.services.programs import ensure_program_is_active

# Time points in the order a learner meets them; each window closes before the next opens.
TIME_POINTS = (
    Administration.Kind.PRE,
    Administration.Kind.POST,
    *(Administration.Kind(f"follow_up_{months}") for months in FOLLOW_UP_MONTHS),
)


def months_after(moment: datetime, months: int) -> datetime:
    """The same day and local time `months` later (the month's last day when it is shorter),
    whatever daylight saving time did in between."""
    moment = timezone.localtime(moment)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def default_windows(
    *, program: Program, pre_open_days: int = 14, post_days: int = 14
) -> dict[str, tuple[datetime, datetime]]:
    """Pre opens before the first session and closes at its start; post opens after the last
    session and closes `post_days` later; a follow-up opens 3, 6 or 12 months after the last
    session and stays open `post_days`."""
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
    windows = {
        Administration.Kind.PRE: (first - timedelta(days=pre_open_days), first),
        Administration.Kind.POST: (last, last + timedelta(days=post_days)),
    }
    for months in FOLLOW_UP_MONTHS:
        opens_at = months_after(last, months)
        windows[f"follow_up_{months}"] = (opens_at, opens_at + timedelta(days=post_days))
    return windows


def _label(kind: str) -> str:
    return Administration.Kind(kind).label.lower()


def _check_order(*, instrument: Instrument, kind: str, opens_at: datetime, closes_at: datetime):
    """Every earlier time point closes before this one opens, every later one opens after it
    closes; a follow-up needs the post it follows."""
    scheduled = {a.kind: a for a in instrument.administrations.exclude(kind=kind)}
    if kind.startswith("follow_up_") and Administration.Kind.POST not in scheduled:
        raise ValidationError(
            "Schedule the post-assessment first: a follow-up is matched to each learner's pre "
            "and post."
        )
    position = TIME_POINTS.index(kind)
    for earlier in TIME_POINTS[:position]:
        if earlier in scheduled and opens_at < scheduled[earlier].closes_at:
            raise ValidationError(
                f"The {_label(kind)} must open after the {_label(earlier)} closes."
            )
    for later in TIME_POINTS[position + 1 :]:
        if later in scheduled and closes_at > scheduled[later].opens_at:
            raise ValidationError(
                f"The {_label(kind)} must close before the {_label(later)} opens."
            )


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
    """Create or change the pre, post or a follow-up administration of an instrument."""
    ensure_program_is_active(instrument.program)
    if kind not in Administration.Kind.values:
        raise ValidationError(f"Unknown time point “{kind}”.")
    if closes_at <= opens_at:
        raise ValidationError("The window must close after it opens.")
    if kind != Administration.Kind.POST and includes_retrospective:
        raise ValidationError("Retrospective-pre items belong on the post-assessment.")
    reminder_days = sorted({int(d) for d in reminder_days if int(d) > 0}, reverse=True)
    earlier_pre = Administration.objects.filter(
        instrument__program=instrument.program,
        instrument__key=instrument.key,
        instrument__version__lt=instrument.version,
        kind=Administration.Kind.PRE,
    ).select_related("instrument")
    if kind != Administration.Kind.PRE and earlier_pre.exists():
        version = earlier_pre.first().instrument.version
        raise ValidationError(
            f"The pre-assessment was given on version {version}; schedule the "
            f"{_label(kind)} on that version too, so that answers pair item by item."
        )
    _check_order(instrument=instrument, kind=kind, opens_at=opens_at, closes_at=closes_at)
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
