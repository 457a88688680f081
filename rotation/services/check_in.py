"""Self check-in: the session's screen shows a QR code that changes every 30 seconds; a learner
scans it while signed in and is marked present. The code names the session and when it was
shown, signed with the site's secret: it identifies no one, cannot be made up, and is refused
once it is more than a minute old (a photo sent to a friend at home soon stops working)."""

from datetime import datetime, timedelta
from io import BytesIO

import segno
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac

from rotation.models import Attendance, SeminarSession, User
from rotation.services.attendance import record_attendance

ROTATION_SECONDS = 30
MAX_AGE = timedelta(minutes=1)
# Check-in opens this long before the session starts and closes when it ends.
OPENS_BEFORE = timedelta(minutes=30)
EXPIRED = "This code has expired: scan the code on the screen again."
INVALID = "This is not a check-in code of this site. Scan the code on the screen again."


def _mac(session_id: int, issued: int) -> str:
    return salted_hmac("rotation.check_in", f"{session_id}:{issued}").hexdigest()[:16]


def check_in_code(*, session: SeminarSession, now: datetime) -> str:
    """The code shown now: the same for the whole 30-second step."""
    issued = int(now.timestamp()) // ROTATION_SECONDS * ROTATION_SECONDS
    return f"{session.pk}-{issued:x}-{_mac(session.pk, issued)}"


def qr_code_svg(url: str) -> bytes:
    """The link as a QR code in SVG, big enough to scan across a seminar room."""
    image = BytesIO()
    segno.make(url, error="m").save(image, kind="svg", scale=8, border=2, title="Check-in code")
    return image.getvalue()


def session_of_code(*, code: str, now: datetime) -> SeminarSession:
    """The session a code is for, if the code is genuine and less than a minute old."""
    try:
        session_part, issued_part, mac = code.split("-")
        session_id, issued = int(session_part), int(issued_part, 16)
    except ValueError:
        raise ValidationError(INVALID) from None
    if not constant_time_compare(mac, _mac(session_id, issued)):
        raise ValidationError(INVALID)
    age = now.timestamp() - issued
    if age > MAX_AGE.total_seconds() or age < -ROTATION_SECONDS:
        raise ValidationError(EXPIRED)
    session = SeminarSession.objects.select_related("program").filter(pk=session_id).first()
    if session is None or session.status != SeminarSession.Status.PUBLISHED:
        raise ValidationError("This session is not on the schedule any more.")
    if not session.starts_at - OPENS_BEFORE <= now <= session.ends_at:
        raise ValidationError("Check-in is open from 30 minutes before the session until it ends.")
    return session


def check_in(*, code: str, user: User, now: datetime) -> Attendance:
    """Mark the signed-in learner present at the code's session (audited as their own mark;
    the director can still correct the sheet)."""
    session = session_of_code(code=code, now=now)
    learner = getattr(user, "learner_profile", None)
    if learner is None:
        raise ValidationError("Only learners check in.")
    return record_attendance(
        session=session, learner=learner, status=Attendance.Status.PRESENT, recorded_by=user
    )
