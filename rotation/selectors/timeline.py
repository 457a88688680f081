"""The timeline editor's reads: each day as room columns on a 15-minute time axis, the blocks'
places on it, and the topics that have no session yet."""

import math
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone

from partners.models import MeetingRoom
from rotation.models import Program, SeminarSession, Topic
from rotation.selectors.schedule import (
    Partnerships,
    rooms_of_partnerships,
    schedule_for_program,
    schedule_grid,
)

SLOT_MINUTES = 15
# The axis shows at least 08:00-18:00 and stretches to hold every session.
DAY_STARTS, DAY_ENDS = 8 * 60, 18 * 60


@dataclass(frozen=True)
class Block:
    """A session on the axis: grid row `row` (1-based, one row per slot) spanning `span` rows."""

    session: SeminarSession
    row: int
    span: int
    start: str  # "09:15", local time
    end: str


@dataclass(frozen=True)
class Column:
    room: MeetingRoom | None  # None: "No room yet"
    blocks: list[Block]


@dataclass(frozen=True)
class Day:
    day: date
    columns: list[Column]


@dataclass(frozen=True)
class Timeline:
    rooms: list[MeetingRoom]
    days: list[Day]
    first_minute: int  # minutes after midnight at the top of the axis
    rows: int
    hours: list[tuple[int, str]]  # (grid row, "09:00") for each hour line

    @property
    def blocks(self) -> list[Block]:
        """Every block, day by day and room by room, as the board shows them."""
        return [block for day in self.days for column in day.columns for block in column.blocks]


def minutes(value) -> int:
    local = timezone.localtime(value)
    return local.hour * 60 + local.minute


def timeline_sessions(
    *, program: Program, partnerships: Partnerships
) -> tuple[list[SeminarSession], list[MeetingRoom]]:
    """`schedule_for_program`'s sessions without topics or faculty, and the program's rooms
    (`rooms_of_partnerships`, which holds every room they use), in two queries: each session
    takes its room from the rooms instead of a join."""
    sessions = list(
        schedule_for_program(
            program=program, with_topics=False, with_rooms=False, with_faculty=False
        )
    )
    used = {session.room_id for session in sessions if session.room_id is not None}
    rooms = rooms_of_partnerships(partnerships=partnerships, used=used)
    by_pk = {room.pk: room for room in rooms}
    for session in sessions:
        if session.room_id is not None:
            session.room = by_pk[session.room_id]
    return sessions, rooms


def timeline_for_program(
    *, program: Program, sessions: list[SeminarSession], rooms: list[MeetingRoom]
) -> Timeline:
    """The day × room timeline of the program's live sessions (cancelled ones are left out), on
    the columns and days of the grid view; no query (`rooms`: the `rooms_for_program` list)."""
    live = [session for session in sessions if not session.is_cancelled]
    rooms, grid_days = schedule_grid(program=program, sessions=live, rooms=rooms)
    first = min([DAY_STARTS, *(minutes(s.starts_at) for s in live)]) // 60 * 60
    last = max([DAY_ENDS, *(_end_minute(s) for s in live)])
    last = math.ceil(last / 60) * 60
    days = []
    for grid_day in grid_days:
        columns = []
        for position, cell in enumerate(grid_day.cells):
            room = rooms[position] if position < len(rooms) else None
            columns.append(Column(room, [_block(session, first) for session in cell]))
        days.append(Day(grid_day.day, columns))
    hours = [
        ((hour * 60 - first) // SLOT_MINUTES + 1, f"{hour:02d}:00")
        for hour in range(first // 60, last // 60)
    ]
    return Timeline(
        rooms=rooms,
        days=days,
        first_minute=first,
        rows=(last - first) // SLOT_MINUTES,
        hours=hours,
    )


def _end_minute(session: SeminarSession) -> int:
    """Minutes after midnight of the session's start day; a session past midnight ends at 24:00."""
    if timezone.localdate(session.ends_at) != timezone.localdate(session.starts_at):
        return 24 * 60
    return minutes(session.ends_at)


def _block(session: SeminarSession, first: int) -> Block:
    start, end = minutes(session.starts_at), _end_minute(session)
    return Block(
        session=session,
        row=(start - first) // SLOT_MINUTES + 1,
        span=max(1, math.ceil((end - start) / SLOT_MINUTES)),
        start=f"{start // 60:02d}:{start % 60:02d}",
        end=timezone.localtime(session.ends_at).strftime("%H:%M"),
    )


@dataclass
class UnscheduledTopic:
    """A topic without a session, as the editor lists it: read as values."""

    pk: int
    title: str
    schedule_url: str = ""  # set by the view


def unscheduled_topics(
    *, program: Program, sessions: list[SeminarSession]
) -> list[UnscheduledTopic]:
    """The program's topics with no session (a cancelled one does not count), by title;
    `sessions`: every session of the program, already loaded, so the topics are read plainly."""
    scheduled = {session.topic_id for session in sessions if not session.is_cancelled}
    return [
        UnscheduledTopic(pk=pk, title=title)
        for pk, title in program.topics.order_by("title").values_list("pk", "title")
        if pk not in scheduled
    ]


def get_topic_for_program(*, program: Program, pk: int) -> Topic:
    """A topic of this program; 404 for any other (the program was access-checked)."""
    try:
        return program.topics.get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404("No such topic.") from None
