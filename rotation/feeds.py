"""iCalendar feeds of seminar sessions (the `icalendar` package)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from rotation.models import CalendarFeed, SeminarSession

PRODID = "-//Mini-Rotation//Seminar schedule//EN"


def uid_domain() -> str:
    """The site's own host name (SITE_URL's, else the first plain ALLOWED_HOSTS entry), so that
    UIDs are globally unique as RFC 5545 asks."""
    host = urlsplit(settings.SITE_URL).hostname
    if not host:
        plain = [name for name in settings.ALLOWED_HOSTS if name.strip(".*[]:")]
        host = plain[0].lstrip(".") if plain else "localhost"
    return host


def session_uid(session: SeminarSession) -> str:
    """Stable across edits, so that calendar clients update the event instead of adding one."""
    return f"session-{session.pk}@{uid_domain()}"


def session_sequence(session: SeminarSession) -> int:
    """RFC 5545's revision number: it grows with every saved change (seconds from the session's
    creation to its last change), so clients replace their copy with the newer one."""
    return int((session.updated_at - session.created_at).total_seconds())


def session_location(session: SeminarSession) -> str:
    if session.room is None:
        return "To be announced"
    site = session.room.site
    return f"{session.room.name}, {site.organization.name}, {site.address}".replace("\n", ", ")


def session_description(session: SeminarSession) -> str:
    lines = [f"Program: {session.program.name}"]
    if session.topic is not None:
        lines.append(f"Topic: {session.topic.title}")
    faculty = [
        f"{a.faculty_member.full_name} ({a.get_role_display()})"
        for a in session.faculty_assignments.all()
        if a.confirmation != "declined"
    ]
    if faculty:
        lines.append("Faculty: " + ", ".join(faculty))
    if session.description:
        lines += ["", session.description]
    return "\n".join(lines)


def feed_calendar(*, feed: CalendarFeed, sessions) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    name = feed.program.name if feed.program_id else f"Mini-Rotation – {feed.user}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session))
        event.add("sequence", session_sequence(session))
        event.add("dtstamp", now)
        event.add("last-modified", session.updated_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        event.add("location", session_location(session))
        event.add("description", session_description(session))
        event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
