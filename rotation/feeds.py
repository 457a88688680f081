"""iCalendar feeds of seminar sessions (the `icalendar` package)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from rotation.models import CalendarFeed, SeminarSession

PRODID = "-//Mini-Rotation//Seminar schedule//EN"


def session_uid(session: SeminarSession) -> str:
    """Stable across edits, so that calendar clients update the event instead of adding one."""
    return f"session-{session.pk}@mini-rotation"


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
