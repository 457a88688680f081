"""What rotation keeps about a learner, for privacy's "My data" export and account deletion:
profile and account, enrollments, schedule, attendance, excusal letters, calendar feed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone

from rotation.models import Attendance, ExcusalLetter, Learner, User
from rotation.selectors.access import sessions_for_learner


def when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def export(*, learner: Learner) -> dict:
    """Five queries whatever the size of the record (the learner comes with user and feed)."""
    enrollments = list(
        learner.enrollments.select_related("program", "excusal_letter").order_by(
            "program__start_date", "program__name"
        )
    )
    attendance = Attendance.objects.filter(learner=learner).select_related("session__program")
    return {
        "profile": _profile(learner),
        "enrollments": [
            {
                "program": e.program.name,
                "academic_year": e.program.academic_year,
                "status": e.status,
                "enrolled_at": when(e.enrolled_at),
            }
            for e in enrollments
        ],
        "schedule": [
            {
                "program": s.program.name,
                "title": s.title,
                "topic": s.topic.title if s.topic else None,
                "starts_at": when(s.starts_at),
                "ends_at": when(s.ends_at),
                "room": str(s.room) if s.room else None,
                "address": s.room.site.address if s.room else None,
            }
            for s in sessions_for_learner(learner=learner)
        ],
        "attendance": [
            {
                "program": a.session.program.name,
                "session": a.session.title,
                "starts_at": when(a.session.starts_at),
                "status": a.status,
            }
            for a in attendance.order_by("session__starts_at")
        ],
        "excusal_letters": [
            {
                "program": e.program.name,
                "status": e.excusal_letter.status,
                "sent_at": when(e.excusal_letter.sent_at),
                "sent_to": e.excusal_letter.sent_to,
            }
            for e in enrollments
            if hasattr(e, "excusal_letter")
        ],
        "calendar_feed": _calendar_feed(learner),
    }


def _profile(learner: Learner) -> dict:
    user = learner.user
    return {
        "first_name": learner.first_name,
        "last_name": learner.last_name,
        "email": learner.email,
        "external_id": learner.external_id,
        "kind": learner.kind,
        "residency_program": learner.residency_program,
        "pgy_level": learner.pgy_level,
        "clerkship_year": learner.clerkship_year,
        "program_director_name": learner.program_director_name,
        "program_director_email": learner.program_director_email,
        "created_at": when(learner.created_at),
        "account": None
        if user is None
        else {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
        },
    }


def _calendar_feed(learner: Learner) -> dict | None:
    feed = getattr(learner.user, "calendar_feed", None) if learner.user else None
    if feed is None:
        return None
    path = reverse("rotation:calendar_feed", args=[feed.token])
    return {"url": settings.SITE_URL.rstrip("/") + path, "created_at": when(feed.created_at)}


def erase(*, learner: Learner, code: str, email: str) -> None:
    """Blank the learner's name, email, external ID, residency and program director (the row
    stays, under `code` and `email`, so everything they answered keeps its place), and delete
    their account."""
    user = learner.user
    learner.first_name = ""
    learner.last_name = code
    learner.email = email
    learner.external_id = ""
    learner.residency_program = ""
    learner.program_director_name = ""
    learner.program_director_email = ""
    learner.user = None
    learner.deidentified_at = timezone.now()
    learner.save()
    # The letter's recipient (their program director) would point back to the learner.
    ExcusalLetter.objects.filter(enrollment__learner=learner).update(sent_to="")
    if user is not None:
        _delete_account(user)


def _delete_account(user: User) -> None:
    """Delete the login with its email addresses (allauth) and calendar feed; refuse, and so roll
    the whole deletion back, if other records must keep pointing at the account."""
    try:
        user.delete()
    except (ProtectedError, RestrictedError) as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            f"The account is still referred to by {', '.join(kinds)}; nothing was deleted."
        ) from error
