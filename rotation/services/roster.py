"""Learner writes: enrollment, roster import (in bulk, or by a job for long rosters) and
withdrawal."""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from audit.services import record_event, record_events
from rotation.models import Enrollment, Learner, Program, RosterImport, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import (
    queue_invitation,
    queue_invitations,
    queue_roster_import_job,
)
from rotation.services.webhook_events import emit_enrollments

logger = logging.getLogger(__name__)

LEARNER_FIELDS = (
    "kind",
    "first_name",
    "last_name",
    "residency_program",
    "pgy_level",
    "clerkship_year",
    "program_director_name",
    "program_director_email",
)


def learner_with_account(*, email: str, **fields) -> tuple[Learner, bool, User | None]:
    """The learner of this email with a user account, both created if new (the account without
    a password; a missing external_id filled in). Returns (learner, learner_created, the account
    if it was created)."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    external_id = fields.get("external_id", "")
    learner = Learner.objects.filter(email__iexact=email).first()
    learner_created = learner is None
    if learner is None:
        # `kind` and `clerkship_year` may be left out: the learner is then a resident.
        learner = Learner(
            email=email,
            external_id=external_id,
            **{name: fields[name] for name in LEARNER_FIELDS if name in fields},
        )
        learner.full_clean()
        learner.save()
    elif external_id and not learner.external_id:
        # A roster from the residency management system brings the ID of a learner on file.
        learner.external_id = external_id
        learner.save(update_fields=["external_id"])
    new_user = None
    if learner.user_id is None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = new_user = User.objects.create_user(
                email=email, first_name=learner.first_name, last_name=learner.last_name
            )
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        learner.user = user
        learner.save(update_fields=["user"])
    return learner, learner_created, new_user


@transaction.atomic  # the learner, their account and its invitation, or nothing
def enroll_learner(
    *, program: Program, email: str, base_url: str, actor: User | None = None, **fields
) -> tuple[bool, bool]:
    """Enroll a learner by email, creating their learner record and account (with an emailed
    invitation to set a password) if they are new. Idempotent: enrolling again changes nothing.
    Returns (learner_created, enrollment_created)."""
    ensure_program_is_active(program)
    learner, learner_created, new_user = learner_with_account(email=email, **fields)
    if new_user is not None:  # no password yet: the invitation lets them choose one
        queue_invitation(user_id=new_user.pk, program_id=program.pk, base_url=base_url)
    with transaction.atomic():
        enrollment, enrollment_created = Enrollment.objects.get_or_create(
            program=program, learner=learner
        )
        if enrollment_created:
            record_event(
                actor=actor,
                action="enrollment.enrolled",
                target=enrollment,
                program=program,
                changes={"status": [None, enrollment.status]},
            )
            emit_enrollments(
                program=program, enrollments=[enrollment], status=enrollment.status, previous=None
            )
        elif enrollment.status != Enrollment.Status.ENROLLED:
            reenroll_learner(enrollment=enrollment, actor=actor)
            enrollment_created = True
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
        learner = Learner(
            email=email,
            external_id=data.get("external_id", ""),
            **{name: data[name] for name in LEARNER_FIELDS if name in data},
        )
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
        # A roster from the residency management system brings the IDs of learners on file.
        identified = [
            learner
            for email, learner in existing.items()
            if not learner.external_id and by_email[email].get("external_id")
        ]
        for learner in identified:
            learner.external_id = by_email[learner.email.lower()]["external_id"]
        Learner.objects.bulk_update(identified, ["external_id"], batch_size=1000)
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
            emit_enrollments(
                program=program,
                enrollments=targets,
                status=Enrollment.Status.ENROLLED,
                previous=before,
            )
        report(95)
        if new_users:
            queue_invitations(
                user_ids=[user.pk for user in new_users], program_id=program.pk, base_url=base_url
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
        queue_roster_import_job(import_id=job.pk)
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


def _change_status(*, enrollment: Enrollment, status: str, action: str, actor: User | None) -> None:
    ensure_program_is_active(enrollment.program)
    with transaction.atomic():
        before = enrollment.status
        enrollment.status = status
        enrollment.save(update_fields=["status"])
        record_event(
            actor=actor,
            action=action,
            target=enrollment,
            program=enrollment.program,
            changes={"status": [before, enrollment.status]},
        )
        emit_enrollments(
            program=enrollment.program,
            enrollments=[enrollment],
            status=enrollment.status,
            previous=before,
        )


def withdraw_learner(*, enrollment: Enrollment, actor: User | None = None) -> None:
    """Take a learner off the roster; their record and attendance stay (re-enrolling undoes)."""
    _change_status(
        enrollment=enrollment,
        status=Enrollment.Status.WITHDRAWN,
        action="enrollment.withdrawn",
        actor=actor,
    )


def reenroll_learner(*, enrollment: Enrollment, actor: User | None = None) -> None:
    """Put a withdrawn learner back on the roster (the undo of withdraw_learner)."""
    _change_status(
        enrollment=enrollment,
        status=Enrollment.Status.ENROLLED,
        action="enrollment.enrolled",
        actor=actor,
    )
