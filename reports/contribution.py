"""What a partner contributed to the programs it takes part in: its faculty's confirmed
teaching, the sessions and room-days it hosted, the learners reached, the pages it printed, and
the cash and catering it gave; and what all that is worth (`value_contribution`, the one place
quantities meet rates)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import QuerySet, Sum
from django.utils import timezone

from config.queries import compiled_once
from partners.models import FacultyMember, MeetingRoom, Organization, Site
from partners.valuation import (
    InKindQuantities,
    Valuation,
    faculty_rate_role,
    room_size,
    valuation_key,
    value_in_kind,
)
from rotation.models import Program, ProgramContribution, SeminarSession
from rotation.selectors.partners import learners_enrolled, taught_assignments, taught_hours
from teaching.models import PrintingRecord


@dataclass(frozen=True)
class FacultyContribution:
    faculty_member: FacultyMember
    sessions: int
    hours: float

    @property
    def rate_role(self) -> str:
        member = self.faculty_member
        return faculty_rate_role(clinical_background=member.clinical_background, title=member.title)


@dataclass(frozen=True)
class Contribution:
    organization: Organization
    programs: list[Program]
    faculty: list[FacultyContribution]
    teaching_hours: float
    sessions_taught: int
    rooms: list[MeetingRoom]
    room_days: int
    sessions_hosted: int
    learners_reached: int
    printed_pages: int
    room_days_by_size: dict[str, int]
    av_days: int
    catered_persons: int
    cash: Decimal

    @property
    def has_any(self) -> bool:
        return bool(
            self.faculty or self.sessions_hosted or self.printed_pages or self.catered_persons
        ) or bool(self.cash)


class _Taught(NamedTuple):
    """One confirmed teaching assignment: what teaching counts are made of."""

    session_id: int
    program_id: int
    faculty_member: FacultyMember
    starts_at: datetime
    ends_at: datetime


class _Hosted(NamedTuple):
    """One published session in a partner's room."""

    program_id: int
    organization_id: int  # the room's
    room: MeetingRoom
    starts_at: datetime


@dataclass(frozen=True)
class ContributionRows:
    """One load of the rows contributions are built from, for many programs and partners."""

    assignments: list[_Taught]
    hosted: list[_Hosted]
    pages: dict[tuple[int, int], int]  # (organization, program) -> pages
    extras: list[ProgramContribution]
    # read for all partners: by pk, those that taught, hosted, printed or gave
    organizations: dict[int, Organization] | None = None
    # each program's published sessions' time: every session's when read for all partners
    # (the budget's teaching hours), the partner's hosted ones' when read for one
    session_time: dict[int, timedelta] = field(default_factory=dict)


_NO_ROWS = ContributionRows(assignments=[], hosted=[], pages={}, extras=[])

# Columns in the models' field order, as `Model.from_db` takes them.
_MEMBER_FIELDS = (
    "id",
    "organization_id",
    "first_name",
    "last_name",
    "title",
    "clinical_background",
)
_ROOM_FIELDS = ("id", "site_id", "name", "capacity", "av_equipment", "has_video_conferencing")
_SITE_FIELDS = ("id", "organization_id", "name")
_GIFT_FIELDS = (
    "id",
    "program_id",
    "organization_id",
    "kind",
    "amount",
    "persons",
    "description",
    "recorded_at",
)


def partial_instance(model, db: str, names, values, cache: dict):
    """The one instance of `model` per primary key, with only `names` loaded (the other fields
    are deferred: read on access, never silently blank)."""
    instance = cache.get(values[0])
    if instance is None:
        instance = cache[values[0]] = model.from_db(db, names, values)
    return instance


_TAUGHT_COLUMNS = (
    "session_id",
    "session__program_id",
    "starts_at",
    "ends_at",
    *(f"faculty_member__{name}" for name in _MEMBER_FIELDS),
)
_PUBLISHED_COLUMNS = (
    "program_id",
    "starts_at",
    "ends_at",
    *(f"room__{name}" for name in _ROOM_FIELDS),
    *(f"room__site__{name}" for name in _SITE_FIELDS),
)


# The reads, compiled once a process and run for the programs (and the partner) of each call.
# Read for all partners, each row names its organization last; read for one partner, whose name
# is known, the rows join no organization (0.1 ms less a read).
def _taught(program_ids) -> QuerySet:
    # In no order (`_build` sorts the faculty): not sorted by session start and role.
    return taught_assignments().filter(session__program__in=program_ids).order_by()


@compiled_once
def _taught_rows(program_ids, organization_id) -> QuerySet:
    return (
        _taught(program_ids)
        .filter(faculty_member__organization=organization_id)
        .values_list(*_TAUGHT_COLUMNS)
    )


@compiled_once
def _named_taught_rows(program_ids) -> QuerySet:
    return _taught(program_ids).values_list(*_TAUGHT_COLUMNS, "faculty_member__organization__name")


def _published(program_ids) -> QuerySet:
    # Every published session, those with no room yet too: they count in the session time.
    return SeminarSession.objects.filter(
        program__in=program_ids, status=SeminarSession.Status.PUBLISHED
    ).order_by()


@compiled_once
def _published_rows(program_ids, organization_id) -> QuerySet:
    return (
        _published(program_ids)
        .filter(room__site__organization=organization_id)
        .values_list(*_PUBLISHED_COLUMNS)
    )


@compiled_once
def _named_published_rows(program_ids) -> QuerySet:
    return _published(program_ids).values_list(
        *_PUBLISHED_COLUMNS, "room__site__organization__name"
    )


@compiled_once
def _pages_rows(program_ids, organization_id) -> QuerySet:
    return (
        PrintingRecord.objects.filter(program__in=program_ids, organization=organization_id)
        .values_list("organization", "program")
        .annotate(total=Sum("pages"))
        .order_by()
    )


@compiled_once
def _named_pages_rows(program_ids) -> QuerySet:
    return (
        PrintingRecord.objects.filter(program__in=program_ids)
        .values_list("organization", "program", "organization__name")
        .annotate(total=Sum("pages"))
        .order_by()
    )


@compiled_once
def _named_gifts_rows(program_ids) -> QuerySet:
    # For all partners: each gift with its partner's name (a partner that only gave is named by
    # it), in contributions_of_program's order, the budget's.
    return (
        ProgramContribution.objects.filter(program__in=program_ids)
        .order_by("organization__name", "recorded_at", "pk")
        .values_list(*_GIFT_FIELDS, "organization__name")
    )


def _load(program_ids, organization: Organization | None = None) -> ContributionRows:
    """4 queries whatever the number of programs, partners, sessions and faculty; the columns
    contributions need, one model instance per faculty member, room, site and organization."""
    named = organization is None  # each row names its organization, in its last column
    if named:
        assignments = _named_taught_rows(program_ids)
        published = _named_published_rows(program_ids)
        pages = _named_pages_rows(program_ids)
        extras = _named_gifts_rows(program_ids)
    else:
        assignments = _taught_rows(program_ids, organization.pk)
        published = _published_rows(program_ids, organization.pk)
        pages = _pages_rows(program_ids, organization.pk)
        # its rows to add up, not sorted by its name
        extras = ProgramContribution.objects.filter(
            program__in=program_ids, organization=organization
        ).order_by()
    db = SeminarSession.objects.db
    members, rooms, sites, organizations = {}, {}, {}, {}

    def organization_of(pk, row):
        """The organization `pk`, named by the row's last column when read for all partners."""
        if named:
            return partial_instance(Organization, db, ("id", "name"), (pk, row[-1]), organizations)
        return organization

    taught = []
    member_columns = len(_MEMBER_FIELDS)
    for session_id, program_id, starts_at, ends_at, *member in assignments:
        organization_of(member[1], member)
        member = partial_instance(
            FacultyMember, db, _MEMBER_FIELDS, member[:member_columns], members
        )
        taught.append(_Taught(session_id, program_id, member, starts_at, ends_at))
    room_columns = len(_ROOM_FIELDS)
    site_columns = room_columns + len(_SITE_FIELDS)
    sessions, session_time = [], defaultdict(timedelta)
    for program_id, starts_at, ends_at, *room in published:
        session_time[program_id] += ends_at - starts_at
        if room[0] is None:
            continue  # hosted by no one yet
        known = rooms.get(room[0])
        if known is None:
            site = partial_instance(Site, db, _SITE_FIELDS, room[room_columns:site_columns], sites)
            organization_of(site.organization_id, room)
            known = partial_instance(MeetingRoom, db, _ROOM_FIELDS, room[:room_columns], rooms)
            known.site = site
        sessions.append(_Hosted(program_id, known.site.organization_id, known, starts_at))
    printed = {}
    for org, program, *named_by, total in pages:  # the total after the name
        organization_of(org, named_by)
        printed[org, program] = total
    if named:
        gifts = []
        for *gift, name in extras:
            gift = ProgramContribution.from_db(db, _GIFT_FIELDS, gift)
            gift.organization = organization_of(gift.organization_id, [name])
            gifts.append(gift)
    else:
        gifts = list(extras)
    return ContributionRows(
        assignments=taught,
        hosted=sessions,
        pages=printed,
        extras=gifts,
        organizations=organizations if named else None,
        session_time=dict(session_time),
    )


def _build(organization, programs, rows: ContributionRows, learners) -> Contribution:
    """The contribution of `organization` to `programs` from rows already narrowed to both."""
    assignments = rows.assignments
    by_member = defaultdict(list)
    for assignment in assignments:
        by_member[assignment.faculty_member].append(assignment)
    faculty = sorted(
        (
            FacultyContribution(member, len(each), taught_hours(each))
            for member, each in by_member.items()
        ),
        key=lambda row: (
            row.faculty_member.last_name,
            row.faculty_member.first_name,
            row.faculty_member.pk,
        ),
    )
    hosted = rows.hosted
    rooms = sorted({session.room for session in hosted}, key=str)
    # Each session's local day, the zone read once (`timezone.localtime` reads it per call).
    zone = timezone.get_current_timezone()
    room_days = {(s.room, s.starts_at.astimezone(zone).date()) for s in hosted}
    by_size = defaultdict(int)
    for room, _day in room_days:
        by_size[room_size(room.capacity)] += 1
    av_days = sum(1 for room, _ in room_days if room.av_equipment or room.has_video_conferencing)
    contributed_to = {a.program_id for a in assignments} | {s.program_id for s in hosted}
    cash = sum((e.amount for e in rows.extras if e.kind == "cash"), Decimal(0))
    return Contribution(
        organization=organization,
        programs=programs,
        faculty=faculty,
        teaching_hours=taught_hours(assignments),
        sessions_taught=len({a.session_id for a in assignments}),
        rooms=rooms,
        room_days=len(room_days),
        sessions_hosted=len(hosted),
        learners_reached=learners(contributed_to),
        printed_pages=sum(rows.pages.values()),
        room_days_by_size=dict(by_size),
        av_days=av_days,
        catered_persons=sum(e.persons for e in rows.extras if e.kind == "catering"),
        cash=cash,
    )


def partner_contribution(*, organization: Organization, programs) -> Contribution:
    """What a partner gave to these programs: its faculty's confirmed teaching, its rooms, the
    learners enrolled in the programs it contributed to, its pages, cash and catering."""
    programs = list(programs)
    rows = _load([program.pk for program in programs], organization)
    return _build(organization, programs, rows, learners=learners_enrolled)


def contribution_rows(*, programs) -> ContributionRows:
    """The rows of every partner's contribution to these programs: 4 queries whatever the
    numbers of programs, partners and sessions."""
    return _load([program.pk for program in programs])


def contributions_by_program(
    *,
    programs,
    rows: ContributionRows,
    organizations_of: dict[int, list[Organization]],
    enrolled: dict[int, int],
) -> dict[int, list[Contribution]]:
    """Each program's partners' contributions (those in `organizations_of[program]` and any
    other organization that taught, hosted or gave), from `contribution_rows(programs)`, with no
    query. `enrolled` counts each program's learners."""
    # Each (program, organization)'s rows, in the rows' order, sorted out in one pass.
    grouped = defaultdict(lambda: ContributionRows(assignments=[], hosted=[], pages={}, extras=[]))
    for a in rows.assignments:
        grouped[a.program_id, a.faculty_member.organization_id].assignments.append(a)
    for s in rows.hosted:
        grouped[s.program_id, s.organization_id].hosted.append(s)
    for (pk, program_id), pages in rows.pages.items():
        grouped[program_id, pk].pages[pk, program_id] = pages
    for e in rows.extras:
        grouped[e.program_id, e.organization_id].extras.append(e)
    contributors = defaultdict(dict)
    for program_id, pk in grouped:
        contributors[program_id][pk] = rows.organizations[pk]
    result = {}
    for program in programs:
        organizations = {o.pk: o for o in organizations_of.get(program.pk, [])}
        for pk, organization in contributors[program.pk].items():
            organizations.setdefault(pk, organization)
        result[program.pk] = [
            _build(
                organization,
                [program],
                grouped.get((program.pk, pk)) or _NO_ROWS,
                learners=lambda ids, program=program: enrolled.get(program.pk, 0) if ids else 0,
            )
            for pk, organization in sorted(organizations.items(), key=lambda kv: kv[1].name)
        ]
    return result


def in_kind_quantities(contribution: Contribution) -> InKindQuantities:
    hours = defaultdict(float)
    for row in contribution.faculty:
        hours[row.rate_role] += row.hours
    return InKindQuantities(
        room_days=contribution.room_days_by_size,
        av_days=contribution.av_days,
        printed_pages=contribution.printed_pages,
        teaching_hours=dict(hours),
        catered_persons=contribution.catered_persons,
    )


def value_contribution(
    *, contribution: Contribution, rates, valued: dict | None = None
) -> Valuation:
    """The dollar value of everything the partner gave in kind, at `rates`. `valued`, a dict
    kept from call to call, values equal quantities at equal rates once."""
    quantities = in_kind_quantities(contribution)
    if valued is None:
        return value_in_kind(quantities=quantities, rates=rates)
    key = valuation_key(quantities=quantities, rates=rates)
    if key not in valued:
        valued[key] = value_in_kind(quantities=quantities, rates=rates)
    return valued[key]
