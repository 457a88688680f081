"""Calendar feed writes: creating and regenerating private feed tokens."""

import secrets

from rotation.models import CalendarFeed, Program, User


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
