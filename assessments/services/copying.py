"""assessments' part of copying a program to next year (rotation.services.copying): each
current instrument as a new version-1 copy, its pre, post and follow-up windows moved by the
same weeks, and the evaluation settings."""

from assessments.models import Administration, EvaluationSettings, Instrument
from assessments.services.administrations import TIME_POINTS, schedule_administration
from assessments.services.evaluations import save_evaluation_settings
from assessments.services.instruments import copy_instrument
from rotation.models import Program, User
from rotation.services.copying import CopyPart, shift_moment


def _instruments(source: Program) -> list[Instrument]:
    return list(
        Instrument.objects.filter(program=source, is_current=True)
        .prefetch_related("administrations", "items")
        .order_by("key")
    )


def _time_points(instrument: Instrument) -> list[Administration]:
    by_kind = {
        administration.kind: administration for administration in instrument.administrations.all()
    }
    return [by_kind[kind] for kind in TIME_POINTS if kind in by_kind]


def describe_copy(*, source: Program, weeks: int) -> list[str]:
    """What the preview lists: each instrument with its time points, the evaluation settings."""
    lines = []
    for instrument in _instruments(source):
        items = len(instrument.items.all())
        windows = ", ".join(
            f"{a.get_kind_display().lower()} {shift_moment(a.opens_at, weeks):%d %b %Y}"
            for a in _time_points(instrument)
        )
        lines.append(
            f"Instrument “{instrument.title}”: a new version with its {items} item"
            f"{'' if items == 1 else 's'}"
            + (f"; windows opening: {windows}" if windows else "; no windows scheduled")
            + "."
        )
    settings = EvaluationSettings.objects.filter(program=source).first()
    if settings is not None:
        anonymous = "anonymous" if settings.is_anonymous_to_directors else "named"
        lines.append(
            f"Session evaluations: open {settings.session_open_days} days after each session, "
            f"{anonymous} to directors."
        )
    return lines


def copy_assessments(*, source: Program, target: Program, weeks: int, actor: User) -> None:
    for instrument in _instruments(source):
        new = copy_instrument(source=instrument, program=target, actor=actor)
        for administration in _time_points(instrument):
            schedule_administration(
                instrument=new,
                kind=administration.kind,
                opens_at=shift_moment(administration.opens_at, weeks),
                closes_at=shift_moment(administration.closes_at, weeks),
                includes_retrospective=administration.includes_retrospective,
                reminder_days=administration.reminder_days,
                actor=actor,
            )
    settings = EvaluationSettings.objects.filter(program=source).first()
    if settings is not None:
        save_evaluation_settings(
            program=target,
            session_open_days=settings.session_open_days,
            is_anonymous_to_directors=settings.is_anonymous_to_directors,
            actor=actor,
        )


PROGRAM_COPY_PART = CopyPart(describe=describe_copy, copy=copy_assessments)
