"""Reads about the programs a faculty member may teach in, the seminar days and each
faculty member's availability on them."""

from datetime import date, datetime, time, timedelta

from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import FacultyMember
from rotation.models import Program, SeminarSession
from teaching.models import FacultyAvailability

NOON = time(12, 0)


def programs_for_faculty(*, faculty_member: FacultyMember) -> QuerySet[Program]:
    """Current and future programs the member's organization partners in, or that they teach in."""
    ids = Program.objects.filter(
        Q(partnerships__organization=faculty_member.organization_id)
        | Q(sessions__faculty_assignments__faculty_member=faculty_member)
    ).values("pk")
    return Program.objects.filter(pk__in=ids, end_date__gte=timezone.localdate()).order_by(
        "start_date", "name"
    )


def get_program_for_faculty(*, faculty_member: FacultyMember, slug: str) -> Program:
    try:
        return programs_for_faculty(faculty_member=faculty_member).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


def program_days(*, program: Program) -> list[date]:
    """The days a faculty member states availability for: each seminar day of a concentrated
    program, or each day a distributed program meets."""
    if program.format == Program.Format.CONCENTRATED:
        span = (program.end_date - program.start_date).days
        return [program.start_date + timedelta(days=offset) for offset in range(span + 1)]
    starts = (
        SeminarSession.objects.filter(program=program)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    return sorted({timezone.localtime(start).date() for start in starts})


def availability_for(*, faculty_member: FacultyMember, program: Program) -> dict[date, str]:
    rows = FacultyAvailability.objects.filter(faculty_member=faculty_member, program=program)
    return {row.day: row.choice for row in rows}


def covers(choice: str, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether an availability choice covers a session (morning ends, afternoon starts at noon)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if choice == FacultyAvailability.Choice.ALL_DAY:
        return True
    if choice == FacultyAvailability.Choice.MORNING:
        return end.date() == start.date() and end.time() <= NOON
    if choice == FacultyAvailability.Choice.AFTERNOON:
        return start.time() >= NOON
    return False


def availability_warnings(
    *, faculty_members, starts_at: datetime, ends_at: datetime, program: Program
) -> list[str]:
    """One message per faculty member whose stated availability does not cover this time.
    Members who stated nothing for the day get no warning: absence is not a refusal."""
    members = list(faculty_members)
    if not members:
        return []
    day = timezone.localtime(starts_at).date()
    stated = dict(
        FacultyAvailability.objects.filter(
            program=program, day=day, faculty_member__in=[member.pk for member in members]
        ).values_list("faculty_member_id", "choice")
    )
    messages = []
    for member in members:
        choice = stated.get(member.pk)
        if choice is not None and not covers(choice, starts_at, ends_at):
            messages.append(_outside_availability(member.full_name, choice, day))
    return messages


def _outside_availability(name: str, choice: str, day: date) -> str:
    when = date_format(day, "D j M Y")
    if choice == FacultyAvailability.Choice.UNAVAILABLE:
        return f"{name} is not available on {when}."
    if choice == FacultyAvailability.Choice.MORNING:
        return f"{name} is available only until 12:00 on {when}."
    return f"{name} is available only from 12:00 on {when}."


def stated_availability() -> dict[str, Subquery]:
    """The choice a session's faculty member stated for the session's day (None: nothing
    stated), as a column of the schedule's faculty rows (`faculty_values`)."""
    stated = FacultyAvailability.objects.filter(
        faculty_member=OuterRef("faculty_member"),
        program=OuterRef("session__program"),
        # TruncDate needs to know its argument's type, which a reference out does not say.
        day=TruncDate(ExpressionWrapper(OuterRef("session__starts_at"), DateTimeField())),
    )
    return {"stated_availability": Subquery(stated.order_by().values("choice")[:1])}


def availability_warnings_for_sessions(*, sessions, faculty) -> dict[int, list[str]]:
    """Availability warnings by session id, for the schedule editor, with no query of its own:
    `faculty` holds the sessions' faculty rows with the `stated_availability` column."""
    warnings = {}
    for session in sessions:
        if session.is_cancelled:
            continue
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        found = []
        for member in faculty.get(session.pk, []):
            choice = member.columns["stated_availability"]
            if member.confirmation == "declined" or choice is None:
                continue
            if not covers(choice, start, end):
                found.append(_outside_availability(member.full_name, choice, start.date()))
        if found:
            warnings[session.pk] = found
    return warnings
