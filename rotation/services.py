"""Writes about the course. Every change to a session's time, room or faculty goes through
`schedule_session`, which checks conflicts first and names them; PostgreSQL's exclusion
constraints catch what two simultaneous saves could slip past the check."""

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from audit.changes import diff, snapshot
from audit.services import record_event, record_events
from partners.models import FacultyMember, MeetingRoom, Organization
from partners.selectors import schedule_warnings_for_sessions
from rotation.models import (
    Attendance,
    CalendarFeed,
    Enrollment,
    ExcusalLetter,
    Learner,
    Program,
    ProgramPartner,
    RosterImport,
    SeminarSession,
    SessionFaculty,
    Topic,
    User,
)
from rotation.selectors import Conflict, find_conflicts

FacultyRoles = Iterable[tuple[FacultyMember, str]]
logger = logging.getLogger(__name__)


# --- Archived programs are read-only ------------------------------------------------------------


class ProgramArchived(ValidationError):
    """A write to an archived program; views show its message instead of an error page."""

    def __init__(self, program: Program):
        super().__init__(
            f"{program.name} is archived: it can be read but no longer changed. "
            "Site staff can unarchive it."
        )
        self.program = program


def ensure_program_is_active(program: Program) -> None:
    """The one guard every write service of a program calls first."""
    if program.is_archived:
        raise ProgramArchived(program)


def archive_program(*, program: Program) -> Program:
    """Make the program read-only; it stays visible to its directors, learners and reports."""
    if not program.is_archived:
        program.archived_at = timezone.now()
        program.save(update_fields=["archived_at"])
    return program


def unarchive_program(*, program: Program) -> Program:
    program.archived_at = None
    program.save(update_fields=["archived_at"])
    return program


def describe_time(starts_at: datetime, ends_at: datetime) -> str:
    """'Tue 3 Mar 2026, 09:00–10:30' in the installation's time zone."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{date_format(start, 'D j M Y')}, {start:%H:%M}–{end:%H:%M}"


def describe_conflict(conflict: Conflict) -> str:
    when = describe_time(conflict.session.starts_at, conflict.session.ends_at)
    taken = {
        "room": f"{conflict.subject} is already booked",
        "program": "The program already has a session",
        "faculty": f"{conflict.subject} already teaches",
    }[conflict.kind]
    return f"{taken} at that time: “{conflict.session.title}” ({when})."


def check_conflicts(
    *,
    program: Program,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
    faculty_members: Iterable[FacultyMember] = (),
    exclude_pk: int | None = None,
) -> None:
    """Raise a ValidationError naming every session this time slot would collide with."""
    if ends_at <= starts_at:
        raise ValidationError("A session must end after it starts.")
    conflicts = find_conflicts(
        program=program,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        faculty_members=faculty_members,
        exclude_pk=exclude_pk,
    )
    if conflicts:
        raise ValidationError([describe_conflict(conflict) for conflict in conflicts])


def schedule_session(
    *,
    program: Program,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None = None,
    topic: Topic | None = None,
    faculty: FacultyRoles = (),
    description: str = "",
    session: SeminarSession | None = None,
    actor: User | None = None,
) -> SeminarSession:
    """Create a draft session, or change an existing one, refusing any room, cohort or faculty
    conflict with a message that names the conflicting session."""
    ensure_program_is_active(program)
    faculty = list(faculty)
    before = _audited_state(session) if session and session.pk else {}
    if topic is not None and topic.program_id != program.pk:
        raise ValidationError("The topic belongs to another program.")
    check_conflicts(
        program=program,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        faculty_members=[member for member, _role in faculty],
        exclude_pk=session.pk if session else None,
    )

    changes = _describe_changes(session=session, starts_at=starts_at, ends_at=ends_at, room=room)
    session = session or SeminarSession(program=program)
    session.title = title
    session.description = description
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.room = room
    session.topic = topic
    try:
        with transaction.atomic():
            session.save()
            _replace_faculty(session=session, faculty=faculty)
            audited = diff(before, _audited_state(session))
            if audited or not before:
                action = "session.changed" if before else "session.scheduled"
                record_event(
                    actor=actor, action=action, target=session, program=program, changes=audited
                )
    except IntegrityError as error:
        # Another user saved an overlapping booking between our check and our write.
        raise ValidationError(
            "Someone else booked this room, cohort or faculty member at the same moment. "
            "Reload the schedule and try again."
        ) from error
    if changes and session.published_at is not None:
        _notify_change_on_commit(session=session, changes=changes)
    return session


AUDITED_SESSION_FIELDS = ("title", "description", "starts_at", "ends_at", "room", "topic")


def _audited_state(session: SeminarSession) -> dict:
    """What the audit trail compares before and after a save, faculty as "Name (role)"."""
    assignments = session.faculty_assignments.select_related("faculty_member")
    faculty = sorted(f"{a.faculty_member} ({a.role})" for a in assignments)
    return {**snapshot(session, AUDITED_SESSION_FIELDS), "faculty": faculty}


def _describe_changes(
    *,
    session: SeminarSession | None,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
) -> list[str]:
    """What learners and faculty need to hear about: a new time or a new room."""
    if session is None or session.pk is None:
        return []
    changes = []
    if (session.starts_at, session.ends_at) != (starts_at, ends_at):
        before = describe_time(session.starts_at, session.ends_at)
        changes.append(f"Time: {before} → {describe_time(starts_at, ends_at)}")
    if session.room_id != (room.pk if room else None):
        before = str(session.room) if session.room else "to be announced"
        changes.append(f"Room: {before} → {room if room else 'to be announced'}")
    return changes


def _notify_change_on_commit(*, session: SeminarSession, changes: list[str]) -> None:
    from rotation.tasks import notify_session_changed

    session_id, summary = session.pk, "\n".join(changes)
    transaction.on_commit(
        lambda: notify_session_changed.delay(session_id=session_id, summary=summary)
    )


def _replace_faculty(*, session: SeminarSession, faculty: list[tuple[FacultyMember, str]]) -> None:
    wanted = {member.pk: role for member, role in faculty}
    session.faculty_assignments.exclude(faculty_member__in=wanted).delete()
    existing = {a.faculty_member_id: a for a in session.faculty_assignments.all()}
    for member_pk, role in wanted.items():
        assignment = existing.get(member_pk) or SessionFaculty(
            session=session, faculty_member_id=member_pk
        )
        assignment.role = role
        assignment.starts_at = session.starts_at
        assignment.ends_at = session.ends_at
        assignment.is_session_cancelled = session.is_cancelled
        assignment.save()


def sync_faculty_copies(*, session: SeminarSession) -> None:
    """Copy the session's time and cancellation onto its faculty rows (see SessionFaculty)."""
    session.faculty_assignments.update(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        is_session_cancelled=session.is_cancelled,
    )


def cancel_session(*, session: SeminarSession, actor: User | None = None) -> SeminarSession:
    """Cancel a session; if it had been published, its learners and faculty are told."""
    ensure_program_is_active(session.program)
    if session.is_cancelled:
        return session
    with transaction.atomic():
        status = session.status
        session.status = SeminarSession.Status.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        sync_faculty_copies(session=session)
        record_event(
            actor=actor,
            action="session.cancelled",
            target=session,
            program=session.program,
            changes={"status": [status, session.status]},
        )
        if session.published_at is not None:
            _notify_change_on_commit(session=session, changes=["The session is cancelled."])
    return session


# --- Programs -----------------------------------------------------------------------------------


def unique_program_slug(*, name: str, academic_year: str) -> str:
    base = slugify(f"{name} {academic_year}")[:70] or "program"
    slug, number = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


PROGRAM_FIELDS = (
    "name",
    "academic_year",
    "format",
    "start_date",
    "end_date",
    "description",
    "goals",
    "is_schedule_public",
)


def save_program(
    *,
    program: Program | None,
    fields: dict,
    partners: Iterable[tuple[Organization, str]],
    directors: Iterable[User],
    saved_by: User,
) -> Program:
    """Create or change a program with its partners (and their role) and its directors.
    Whoever creates a program directs it; a director cannot remove the last director."""
    if program is not None:
        ensure_program_is_active(program)
    partners, directors = list(partners), list(directors)
    if fields["end_date"] < fields["start_date"]:
        raise ValidationError("The program must end on or after its first day.")
    organizations = [organization.pk for organization, _role in partners]
    if len(organizations) != len(set(organizations)):
        raise ValidationError("Each partner organization can be listed only once.")
    with transaction.atomic():
        if program is None:
            program = Program(
                slug=unique_program_slug(name=fields["name"], academic_year=fields["academic_year"])
            )
            directors = [saved_by, *directors]
        for name in PROGRAM_FIELDS:
            setattr(program, name, fields[name])
        program.save()
        if not directors:
            raise ValidationError("A program needs at least one course director.")
        program.directors.set({user.pk for user in directors})
        program.partnerships.exclude(organization__in=organizations).delete()
        existing = {p.organization_id: p for p in program.partnerships.all()}
        for organization, role in partners:
            partnership = existing.get(organization.pk) or ProgramPartner(
                program=program, organization=organization
            )
            if partnership.role != role:
                partnership.role = role
                partnership.save()
    return program


def save_topic(
    *,
    program: Program,
    title: str,
    description: str = "",
    learning_objectives: str = "",
    proposed_by: Organization | None = None,
    sbp_competencies: Iterable[str] = (),
    topic: Topic | None = None,
) -> Topic:
    ensure_program_is_active(program)
    duplicate = Topic.objects.filter(program=program, title__iexact=title.strip())
    if topic is not None:
        duplicate = duplicate.exclude(pk=topic.pk)
    if duplicate.exists():
        raise ValidationError(f"The program already has a topic called “{title.strip()}”.")
    topic = topic or Topic(program=program)
    topic.title = title.strip()
    topic.description = description
    topic.learning_objectives = learning_objectives
    topic.proposed_by = proposed_by
    topic.sbp_competencies = sorted(set(sbp_competencies))
    topic.save()
    return topic


# --- Recurring series ---------------------------------------------------------------------------


def series_dates(*, first: date, count: int, rule: str) -> list[date]:
    """Dates of a recurring series starting on `first`: "weekly", "biweekly" or "monthly"
    (monthly keeps the weekday's ordinal, e.g. the first Tuesday of each month)."""
    if rule == "weekly":
        return [first + timedelta(weeks=n) for n in range(count)]
    if rule == "biweekly":
        return [first + timedelta(weeks=2 * n) for n in range(count)]
    if rule != "monthly":
        raise ValueError(f"Unknown recurrence {rule!r}.")
    ordinal = (first.day - 1) // 7  # 0 = first <weekday> of the month
    dates = []
    for n in range(count):
        month_index = first.month - 1 + n
        year, month = first.year + month_index // 12, month_index % 12 + 1
        month_first = date(year, month, 1)
        day = month_first + timedelta(days=(first.weekday() - month_first.weekday()) % 7)
        day += timedelta(weeks=ordinal)
        if day.month != month:  # a fifth <weekday> that this month lacks: use the last one
            day -= timedelta(weeks=1)
        dates.append(day)
    return dates


def schedule_series(
    *,
    program: Program,
    title: str,
    dates: list[date],
    start: time,
    end: time,
    room: MeetingRoom | None = None,
    topic: Topic | None = None,
    faculty: FacultyRoles = (),
    description: str = "",
    actor: User | None = None,
) -> list[SeminarSession]:
    """Schedule one session on each date, all or nothing. Every occurrence is checked first;
    if any collides, ValidationError lists the conflicts date by date and nothing is saved."""
    ensure_program_is_active(program)
    faculty = list(faculty)
    members = [member for member, _role in faculty]
    slots = []
    problems = []
    for day in dates:
        starts_at = timezone.make_aware(datetime.combine(day, start))
        ends_at = timezone.make_aware(datetime.combine(day, end))
        if ends_at <= starts_at:
            raise ValidationError("A session must end after it starts.")
        conflicts = find_conflicts(
            program=program,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            faculty_members=members,
        )
        label = date_format(day, "D j M Y")
        problems += [f"{label}: {describe_conflict(conflict)}" for conflict in conflicts]
        slots.append((starts_at, ends_at))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        return [
            schedule_session(
                program=program,
                title=title,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                topic=topic,
                faculty=faculty,
                description=description,
                actor=actor,
            )
            for starts_at, ends_at in slots
        ]


# --- Publishing ---------------------------------------------------------------------------------


def publish_schedule(*, program: Program, actor: User | None = None) -> list[int]:
    """Publish every draft session of the program and queue the announcement emails.
    Returns the ids of the sessions published now (none: nothing is sent)."""
    ensure_program_is_active(program)
    from rotation.tasks import notify_schedule_published

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
        for session in program.sessions.filter(pk__in=drafts):
            record_event(
                actor=actor,
                action="session.published",
                target=session,
                program=program,
                changes={"status": [SeminarSession.Status.DRAFT, session.status]},
            )
        program_id = program.pk
        transaction.on_commit(
            lambda: notify_schedule_published.delay(program_id=program_id, session_ids=drafts)
        )
    return drafts


# --- Learners and enrollment --------------------------------------------------------------------

LEARNER_FIELDS = (
    "first_name",
    "last_name",
    "residency_program",
    "pgy_level",
    "program_director_name",
    "program_director_email",
)


def enroll_learner(
    *, program: Program, email: str, base_url: str, actor: User | None = None, **fields
) -> tuple[bool, bool]:
    """Enroll a learner by email, creating their learner record and account (with an emailed
    invitation to set a password) if they are new. Idempotent: enrolling again changes nothing.
    Returns (learner_created, enrollment_created)."""
    ensure_program_is_active(program)
    from allauth.account.models import EmailAddress

    from rotation.tasks import send_learner_invitation

    email = email.strip().lower()
    learner = Learner.objects.filter(email__iexact=email).first()
    learner_created = learner is None
    if learner is None:
        learner = Learner(email=email, **{name: fields[name] for name in LEARNER_FIELDS})
        learner.full_clean()
        learner.save()
    if learner.user_id is None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, first_name=learner.first_name, last_name=learner.last_name
            )  # no password: the invitation lets them choose one
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
            user_id, program_id = user.pk, program.pk
            transaction.on_commit(
                lambda: send_learner_invitation.delay(
                    user_id=user_id, program_id=program_id, base_url=base_url
                )
            )
        learner.user = user
        learner.save(update_fields=["user"])
    with transaction.atomic():
        enrollment, enrollment_created = Enrollment.objects.get_or_create(
            program=program, learner=learner
        )
        before = None if enrollment_created else enrollment.status
        if not enrollment_created and enrollment.status != Enrollment.Status.ENROLLED:
            enrollment.status = Enrollment.Status.ENROLLED
            enrollment.save(update_fields=["status"])
            enrollment_created = True
        if enrollment_created:
            record_event(
                actor=actor,
                action="enrollment.enrolled",
                target=enrollment,
                program=program,
                changes={"status": [before, enrollment.status]},
            )
    return learner_created, enrollment_created


@dataclass(frozen=True)
class ImportOutcome:
    learners_created: int
    enrollments_created: int
    unchanged: int


Progress = Callable[[int], None]


def _new_learners(rows: dict[str, dict]) -> list[Learner]:
    """Unsaved learners for these rows (email: row), checked as `enroll_learner` checks one;
    one ValidationError naming every bad row."""
    learners, errors = [], []
    for email, data in rows.items():
        learner = Learner(email=email, **{name: data[name] for name in LEARNER_FIELDS})
        try:
            learner.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors += [f"{email}: {message}" for message in error.messages]
        learners.append(learner)
    if errors:
        raise ValidationError(errors)
    return learners


def import_roster(
    *,
    program: Program,
    rows: list[dict],
    base_url: str,
    actor: User | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Enroll every roster row in one transaction: all rows or none, with what `enroll_learner`
    does for one row (a learner record, an account and an invitation for each new learner;
    withdrawn learners enrolled again; an audit event per enrollment). In bulk: a few queries
    per table whatever the number of rows, no savepoint per row (5,000 rows in about two
    seconds, see bench/roster_import.py). Idempotent: re-importing changes nothing."""
    ensure_program_is_active(program)
    from allauth.account.models import EmailAddress

    from rotation.tasks import send_learner_invitations

    report = progress or (lambda percent: None)
    by_email = {data["email"].strip().lower(): data for data in rows}
    with transaction.atomic():
        # One import of a program at a time: a second one waits, then finds everyone enrolled.
        Program.objects.select_for_update().filter(pk=program.pk).exists()
        existing = {
            learner.email.lower(): learner
            for learner in Learner.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=by_email
            )
        }
        new_learners = _new_learners(
            {email: data for email, data in by_email.items() if email not in existing}
        )
        report(10)
        unlinked = [learner for learner in existing.values() if learner.user_id is None]
        accounts = {
            user.email.lower(): user
            for user in User.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=[learner.email.lower() for learner in unlinked + new_learners]
            )
        }
        new_users = []
        for learner in unlinked + new_learners:
            user = accounts.get(learner.email.lower())
            if user is None:  # no password: the invitation lets them choose one
                user = User(
                    email=learner.email.lower(),
                    first_name=learner.first_name,
                    last_name=learner.last_name,
                    # What set_unusable_password() stores, from one call to the random source
                    # instead of forty (a sixth of the time of a 5,000-row import).
                    password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                )
                new_users.append(user)
            learner.user = user
        User.objects.bulk_create(new_users, batch_size=1000)
        EmailAddress.objects.bulk_create(
            (
                EmailAddress(user=user, email=user.email, verified=False, primary=True)
                for user in new_users
            ),
            batch_size=1000,
        )
        report(35)
        Learner.objects.bulk_create(new_learners, batch_size=1000)
        Learner.objects.bulk_update(unlinked, ["user"], batch_size=1000)
        report(55)
        learners = [*existing.values(), *new_learners]
        enrollments = {
            enrollment.learner_id: enrollment
            for enrollment in Enrollment.objects.filter(
                program=program, learner__in=[learner.pk for learner in learners]
            )
        }
        created = [
            Enrollment(program=program, learner=learner)
            for learner in learners
            if learner.pk not in enrollments
        ]
        Enrollment.objects.bulk_create(created, batch_size=1000)
        reenrolled = [
            enrollment
            for enrollment in enrollments.values()
            if enrollment.status != Enrollment.Status.ENROLLED
        ]
        Enrollment.objects.filter(pk__in=[enrollment.pk for enrollment in reenrolled]).update(
            status=Enrollment.Status.ENROLLED
        )
        report(75)
        by_pk = {learner.pk: learner for learner in learners}
        for enrollment in reenrolled:  # labels without a query per row
            enrollment.program, enrollment.learner = program, by_pk[enrollment.learner_id]
        for targets, before in ((created, None), (reenrolled, Enrollment.Status.WITHDRAWN)):
            record_events(
                actor=actor,
                action="enrollment.enrolled",
                targets=targets,
                program=program,
                changes={"status": [before, Enrollment.Status.ENROLLED]},
            )
        report(95)
        if new_users:
            user_ids, program_id = [user.pk for user in new_users], program.pk
            transaction.on_commit(
                lambda: send_learner_invitations.delay(
                    user_ids=user_ids, program_id=program_id, base_url=base_url
                )
            )
    changed = len(created) + len(reenrolled)
    return ImportOutcome(
        learners_created=len(new_learners),
        enrollments_created=changed,
        unchanged=len(by_email) - changed,
    )


def queue_roster_import(
    *,
    program: Program,
    filename: str,
    rows: list[dict],
    warnings: list[str],
    base_url: str,
    actor: User | None = None,
) -> RosterImport:
    """Keep a validated roster too long for the request and queue its import once committed."""
    ensure_program_is_active(program)
    from rotation.tasks import run_roster_import as task

    with transaction.atomic():
        job = RosterImport.objects.create(
            program=program,
            requested_by=actor,
            filename=filename[:255],
            base_url=base_url,
            rows=rows,
            row_count=len(rows),
            warnings=warnings,
        )
        job_id = job.pk
        transaction.on_commit(lambda: task.delay(import_id=job_id))
    return job


def set_roster_import_progress(*, job: RosterImport, percent: int) -> None:
    """Progress made inside the import's transaction, where the job's row cannot show it: the
    cache, shared by web and worker processes, carries it (see `roster_import_progress`)."""
    cache.set(job.progress_cache_key, percent, timeout=3600)


def run_roster_import(*, import_id: int) -> RosterImport | None:
    """Import a queued roster. Idempotent: a job already done or failed is left alone, so a
    redelivered task does no work twice. Failure rolls the whole roster back and says why."""
    with transaction.atomic():
        job = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("program", "requested_by")
            .filter(pk=import_id)
            .first()
        )
        if job is None or job.is_finished:
            return job
        job.status, job.progress, job.started_at = RosterImport.Status.RUNNING, 5, timezone.now()
        job.save(update_fields=["status", "progress", "started_at"])
    try:
        outcome = import_roster(
            program=job.program,
            rows=job.rows,
            base_url=job.base_url,
            actor=job.requested_by,
            progress=lambda percent: set_roster_import_progress(job=job, percent=percent),
        )
    except OperationalError:
        raise  # the database is away: the task retries, the job stays running until then
    except Exception as error:
        logger.exception("Roster import %s failed", job.pk)
        reason = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else f"an unexpected error ({type(error).__name__}). Upload the file again"
        )
        RosterImport.objects.filter(pk=job.pk).update(
            status=RosterImport.Status.FAILED,
            error=f"Nothing was imported: {reason}"[:2000],
            rows=[],
            finished_at=timezone.now(),
        )
    else:
        RosterImport.objects.filter(pk=job.pk).update(
            status=RosterImport.Status.DONE,
            progress=100,
            rows=[],
            learners_created=outcome.learners_created,
            enrollments_created=outcome.enrollments_created,
            unchanged=outcome.unchanged,
            finished_at=timezone.now(),
        )
    cache.delete(job.progress_cache_key)
    job.refresh_from_db()
    return job


def withdraw_learner(*, enrollment: Enrollment, actor: User | None = None) -> None:
    ensure_program_is_active(enrollment.program)
    with transaction.atomic():
        before = enrollment.status
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.save(update_fields=["status"])
        record_event(
            actor=actor,
            action="enrollment.withdrawn",
            target=enrollment,
            program=enrollment.program,
            changes={"status": [before, enrollment.status]},
        )


# --- Attendance ---------------------------------------------------------------------------------


def record_attendance(
    *, session: SeminarSession, learner: Learner, status: str, recorded_by: User
) -> Attendance:
    ensure_program_is_active(session.program)
    if status not in Attendance.Status.values:
        raise ValidationError(f"Unknown attendance status {status!r}.")
    if not session.program.enrollments.filter(
        learner=learner, status=Enrollment.Status.ENROLLED
    ).exists():
        raise ValidationError(f"{learner} is not enrolled in {session.program}.")
    with transaction.atomic():
        before = (
            Attendance.objects.filter(session=session, learner=learner)
            .values_list("status", flat=True)
            .first()
        )
        attendance, _ = Attendance.objects.update_or_create(
            session=session,
            learner=learner,
            defaults={"status": status, "recorded_by": recorded_by},
        )
        if before != status:
            record_event(
                actor=recorded_by,
                action="attendance.marked",
                target=attendance,
                program=session.program,
                changes={"status": [before, status]},
            )
    return attendance


def mark_all_present(*, session: SeminarSession, recorded_by: User) -> int:
    """Everyone enrolled is present (a later tap can still mark someone absent)."""
    ensure_program_is_active(session.program)
    learner_ids = list(
        session.program.enrollments.filter(status=Enrollment.Status.ENROLLED).values_list(
            "learner_id", flat=True
        )
    )
    with transaction.atomic():
        before = dict(session.attendance.values_list("learner_id", "status"))
        session.attendance.filter(learner_id__in=learner_ids).update(
            status=Attendance.Status.PRESENT, recorded_by=recorded_by, recorded_at=timezone.now()
        )
        recorded = set(session.attendance.values_list("learner_id", flat=True))
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                learner_id=learner_id,
                status=Attendance.Status.PRESENT,
                recorded_by=recorded_by,
            )
            for learner_id in learner_ids
            if learner_id not in recorded
        )
        changed = Learner.objects.filter(pk__in=learner_ids).exclude(
            pk__in=[pk for pk, status in before.items() if status == Attendance.Status.PRESENT]
        )
        changes = {
            f"{learner} ({learner.email})": [before.get(learner.pk), Attendance.Status.PRESENT]
            for learner in changed.order_by("last_name", "first_name", "pk")
        }
        if changes:
            record_event(
                actor=recorded_by,
                action="attendance.all_present",
                target=session,
                program=session.program,
                changes=changes,
            )
    return len(learner_ids)


# --- Excusal letters ----------------------------------------------------------------------------


def queue_excusal_letters(*, program: Program, resend: bool = False) -> int:
    """Queue the excusal letter of every enrolled learner that has not gone out (or, with
    resend, of every one). Sending twice does not email twice unless asked to re-send."""
    ensure_program_is_active(program)
    from rotation.tasks import send_excusal_letter

    enrollments = program.enrollments.filter(status=Enrollment.Status.ENROLLED)
    with transaction.atomic():
        ExcusalLetter.objects.bulk_create(
            [ExcusalLetter(enrollment=e) for e in enrollments.filter(excusal_letter__isnull=True)]
        )
        letters = ExcusalLetter.objects.filter(enrollment__in=enrollments)
        if not resend:
            letters = letters.exclude(status__in=[ExcusalLetter.Status.SENT])
        letter_ids = list(letters.values_list("pk", flat=True))
        ExcusalLetter.objects.filter(pk__in=letter_ids).update(
            status=ExcusalLetter.Status.QUEUED, failure_reason=""
        )
        for letter_id in letter_ids:
            transaction.on_commit(
                lambda letter_id=letter_id: send_excusal_letter.delay(letter_id=letter_id)
            )
    return len(letter_ids)


def queue_excusal_letter(*, letter: ExcusalLetter) -> None:
    """Re-send one letter (a failed one, or on the director's request)."""
    ensure_program_is_active(letter.enrollment.program)
    from rotation.tasks import send_excusal_letter

    letter.status = ExcusalLetter.Status.QUEUED
    letter.failure_reason = ""
    letter.save(update_fields=["status", "failure_reason", "updated_at"])
    letter_id = letter.pk
    transaction.on_commit(lambda: send_excusal_letter.delay(letter_id=letter_id))


# --- Calendar feeds -----------------------------------------------------------------------------


def calendar_feed_for(*, user: User | None = None, program: Program | None = None) -> CalendarFeed:
    """The user's (or program's) feed, created with a fresh secret token on first use."""
    lookup = {"user": user} if user is not None else {"program": program}
    feed, _ = CalendarFeed.objects.get_or_create(
        **lookup, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feeds_for_programs(*, programs: list[Program]) -> dict[int, CalendarFeed]:
    """Each program's feed by program id, made for those that have none, in two queries."""
    feeds = {feed.program_id: feed for feed in CalendarFeed.objects.filter(program__in=programs)}
    missing = [
        CalendarFeed(program=program, token=secrets.token_urlsafe(32))
        for program in programs
        if program.pk not in feeds
    ]
    if missing:
        CalendarFeed.objects.bulk_create(missing, ignore_conflicts=True)
        feeds = {f.program_id: f for f in CalendarFeed.objects.filter(program__in=programs)}
    return feeds


def regenerate_calendar_feed(*, feed: CalendarFeed) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


# --- Warnings (advice, never refusals) ------------------------------------------------------------


def outside_availability_warnings(*, sessions: list[SeminarSession]) -> dict[int, list[str]]:
    """Hook for the partners app: warnings for faculty scheduled outside their stated
    availability, and rooms booked outside their hours or on blackout dates, by session id."""
    return schedule_warnings_for_sessions(sessions=sessions)


def schedule_warnings(*, program: Program, sessions: list[SeminarSession]) -> dict[int, list[str]]:
    """Warnings per session id: a room too small for the enrollment, a room not at one of the
    program's partners, faculty who have not confirmed, faculty outside their availability.
    Expects sessions with room__site and faculty_assignments__faculty_member loaded."""
    enrolled = program.enrollments.filter(status=Enrollment.Status.ENROLLED).count()
    partner_ids = set(program.partnerships.values_list("organization_id", flat=True))
    live = [session for session in sessions if not session.is_cancelled]
    availability = outside_availability_warnings(sessions=live)
    warnings: dict[int, list[str]] = {}
    for session in live:
        found = []
        room = session.room
        if room is not None and room.capacity < enrolled:
            found.append(f"{room} seats {room.capacity}; {enrolled} learners are enrolled.")
        if room is not None and room.site.organization_id not in partner_ids:
            found.append(f"{room} is not at one of the program's partners.")
        for assignment in session.faculty_assignments.all():
            if assignment.confirmation == SessionFaculty.Confirmation.PENDING:
                found.append(f"{assignment.faculty_member} has not confirmed yet.")
            elif assignment.confirmation == SessionFaculty.Confirmation.DECLINED:
                found.append(f"{assignment.faculty_member} declined.")
        found += availability.get(session.pk, [])
        if found:
            warnings[session.pk] = found
    return warnings
