"""Attendance and completion per learner, as CSV that residency management systems (MedHub, New
Innovations) and data warehouses import: one row per learner and published session of the
programs of one academic year, optionally for one residency program. Columns: README's
"Attendance export" section. Reads only, in a fixed number of queries whatever the size."""

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from config.safe_csv import SafeWriter
from rotation.models import Attendance, Enrollment, Program, SeminarSession

COLUMNS = (
    "learner_email",
    "external_id",
    "last_name",
    "first_name",
    "residency_program",
    "pgy_level",
    "program",
    "program_name",
    "academic_year",
    "enrollment_status",
    "session_date",
    "session_title",
    "sbp_competencies",
    "hours",
    "status",
    "hours_attended",
    "hours_scheduled",
    "completion",
)
# A session with no attendance recorded: still ahead, or over with nothing marked.
UPCOMING = "upcoming"
NOT_RECORDED = "not_recorded"
# Present or excused fulfils a session.
FULFILLED = {Attendance.Status.PRESENT, Attendance.Status.EXCUSED}


@dataclass(frozen=True)
class ExportChoices:
    academic_years: list[str]
    residency_programs: list[str]


def export_choices(*, programs: QuerySet[Program]) -> ExportChoices:
    """The academic years of these programs and the residency programs of their learners (2
    queries)."""
    years = programs.order_by("-academic_year").values_list("academic_year", flat=True)
    residencies = (
        Enrollment.objects.filter(program__in=programs, learner__deidentified_at__isnull=True)
        .order_by("learner__residency_program")
        .values_list("learner__residency_program", flat=True)
    )
    return ExportChoices(
        academic_years=list(dict.fromkeys(years)),
        residency_programs=list(dict.fromkeys(residencies)),
    )


def session_hours(session: SeminarSession) -> Decimal:
    return hours_between(session.starts_at, session.ends_at)


def hours_between(starts_at, ends_at) -> Decimal:
    return (Decimal((ends_at - starts_at).total_seconds()) / 3600).quantize(Decimal("0.01"))


def sbp_codes(session: SeminarSession) -> str:
    """The SBP sub-competencies the session's topic addresses, e.g. `SBP1;SBP3`."""
    return ";".join(sorted(session.topic.sbp_competencies or [])) if session.topic else ""


def _status(session: SeminarSession, recorded: str | None, now: datetime) -> str:
    if recorded:
        return recorded
    return UPCOMING if session.ends_at > now else NOT_RECORDED


def _completion(sessions: list[SeminarSession], statuses: list[str], now: datetime) -> str:
    """complete: every session is over and fulfilled; incomplete: one is over and was missed
    (or never marked); in_progress: nothing missed yet, sessions still ahead."""
    if any(s not in FULFILLED and s != UPCOMING for s in statuses):
        return "incomplete"
    return "in_progress" if any(s.ends_at > now for s in sessions) else "complete"


def attendance_rows(
    *, programs: QuerySet[Program], academic_year: str, residency_program: str = ""
) -> list[list]:
    """The export's rows (without the header), learners by name, sessions by time: 3 queries."""
    now = timezone.now()
    enrollments = (
        Enrollment.objects.filter(
            program__in=programs.filter(academic_year=academic_year),
            learner__deidentified_at__isnull=True,
        )
        .select_related("learner", "program")
        .order_by("learner__last_name", "learner__first_name", "learner_id", "program__start_date")
    )
    if residency_program:
        enrollments = enrollments.filter(learner__residency_program=residency_program)
    enrollments = list(enrollments)
    program_ids = {e.program_id for e in enrollments}
    sessions: dict[int, list[SeminarSession]] = {pk: [] for pk in program_ids}
    for session in (
        SeminarSession.objects.filter(
            program_id__in=program_ids, status=SeminarSession.Status.PUBLISHED
        )
        .select_related("topic")
        .order_by("starts_at")
    ):
        sessions[session.program_id].append(session)
    marks = Attendance.objects.filter(
        session__program_id__in=program_ids, learner_id__in={e.learner_id for e in enrollments}
    ).values_list("session_id", "learner_id", "status")
    recorded = {(session_id, learner_id): status for session_id, learner_id, status in marks}
    rows = []
    for enrollment in enrollments:
        learner, program = enrollment.learner, enrollment.program
        own = sessions[program.pk]
        statuses = [_status(s, recorded.get((s.pk, learner.pk)), now) for s in own]
        attended = sum(
            (
                session_hours(s)
                for s, status in zip(own, statuses, strict=True)
                if status == "present"
            ),
            Decimal("0.00"),
        )
        scheduled = sum((session_hours(s) for s in own), Decimal("0.00"))
        completion = _completion(own, statuses, now)
        learner_columns = [
            learner.email,
            learner.external_id,
            learner.last_name,
            learner.first_name,
            learner.residency_program,
            learner.pgy_level,
            program.slug,
            program.name,
            program.academic_year,
            enrollment.status,
        ]
        for session, status in zip(own, statuses, strict=True):
            rows.append(
                [
                    *learner_columns,
                    timezone.localtime(session.starts_at).date().isoformat(),
                    session.title,
                    sbp_codes(session),
                    session_hours(session),
                    status,
                    attended,
                    scheduled,
                    completion,
                ]
            )
    return rows


def to_csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
