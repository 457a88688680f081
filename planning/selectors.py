"""Reads about planning: the programs a user helps plan, a program's team and plan, and the
signed invitation links."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from config.queries import compiled_once
from partners.invitations import InvitationKind
from partners.models import FacultyMember, MeetingRoom, Organization
from planning.models import (
    ActionItem,
    CoTeaching,
    Endorsement,
    Proposal,
    ProposalComment,
    TeamInvitation,
    TeamMember,
)
from rotation.dates import SessionTimes
from rotation.models import Program, SeminarSession, Topic
from rotation.selectors.schedule import FACULTY_ORDER


def programs_for_planner(*, user) -> QuerySet[Program]:
    """The programs whose planning team the user has joined or which they direct (staff: all)."""
    if user.is_staff:
        return Program.objects.order_by("-start_date", "name")
    joined = Q(planning_team__user=user, planning_team__joined_at__isnull=False)
    ids = Program.objects.filter(joined | Q(directors=user)).values("pk")
    return Program.objects.filter(pk__in=ids).order_by("-start_date", "name")


def membership_of(*, user, program: Program) -> TeamMember | None:
    """The user's own place on the program's team, if they have joined it; read once per user
    object (a request's user lives as long as the request), as the permission asks it too."""
    known = user.__dict__.setdefault("_planning_membership", {})
    if program.pk not in known:
        known[program.pk] = (
            program.planning_team.filter(user=user, joined_at__isnull=False)
            .select_related("organization")
            .first()
        )
    return known[program.pk]


@dataclass
class DraftSession:
    """A session of the draft schedule as the plan shows it, read as plain values."""

    pk: int
    title: str
    topic_id: int | None
    starts_at: datetime
    ends_at: datetime
    status_label: str
    room: str  # "Room (Site)", empty for a session without a room yet
    faculty: str = ""  # the faculty's names in schedule order, comma-separated
    co_teachers: list["PlanCoTeacher"] = field(default_factory=list)  # set by `plan_for_program`
    topic: str | None = None  # its title, set by `plan_for_program` from the topics it reads
    times: SessionTimes | None = None  # set by the view (`rotation.dates.session_times`)


@dataclass
class PlanTopic:
    """A topic of the plan with the proposal it came from, if any, read as plain values."""

    pk: int
    title: str
    description: str
    proposed_by: str | None  # the proposing organization's name
    proposal_pk: int | None
    proposer_name: str | None
    proposer_kind_label: str | None
    session_count: int
    proposal_url: str = ""  # set by the view


@dataclass
class PlanMember:
    """A member of the planning team as the plan lists them, read as plain values."""

    pk: int
    user_id: int | None
    name: str
    role: str
    role_label: str
    organization: str | None  # the name of the organization they speak for
    joined_at: datetime | None

    @property
    def has_joined(self) -> bool:
        return self.joined_at is not None


def team_of_plan(*, program: Program) -> list[PlanMember]:
    """The program's team by role and name, with the names of their organizations: 1 query."""
    rows = _team_rows(program.pk)
    return [
        PlanMember(
            pk=pk,
            user_id=user_id,
            name=name,
            role=role,
            role_label=TeamMember.Role(role).label,
            organization=organization,
            joined_at=joined_at,
        )
        for pk, user_id, name, role, organization, joined_at in rows
    ]


@dataclass(frozen=True)
class Plan:
    """What every member of the team sees of the program being planned."""

    team: list[PlanMember]
    topics: list[PlanTopic]
    sessions: list[DraftSession]

    def membership_of(self, user) -> PlanMember | None:
        """The user's own place on the team once joined (`membership_of`), from the team read."""
        return next((m for m in self.team if m.user_id == user.pk and m.has_joined), None)


def draft_schedule(*, program: Program) -> list[DraftSession]:
    """The sessions not cancelled, soonest first, each with its room and its faculty's names in
    schedule order: 1 query. The sessions are read as values joined
    with their faculty, a row per session and faculty member (one for a session without
    faculty), the page showing nothing else of them."""
    rows = _draft_rows(program.pk)
    sessions: dict[int, DraftSession] = {}
    names: dict[int, list[str]] = {}
    for pk, title, topic_id, starts_at, ends_at, status, room, site, first, last in rows:
        session = sessions.get(pk)
        if session is None:
            session = sessions[pk] = DraftSession(
                pk=pk,
                title=title,
                topic_id=topic_id,
                starts_at=starts_at,
                ends_at=ends_at,
                status_label=SeminarSession.Status(status).label,
                room=MeetingRoom.label_of(room, site) if room is not None else "",
            )
        if last is not None:
            names.setdefault(pk, []).append(FacultyMember.name_of(first, last))
    for session in sessions.values():
        session.faculty = ", ".join(names.get(session.pk, ()))
    return list(sessions.values())


def topics_of_plan(*, program: Program, sessions: list[DraftSession]) -> list[PlanTopic]:
    """The program's topics by title with the proposals they came from, each with how many of
    the draft schedule's `sessions` teach it (`session_count`): counted here, which spares the
    query a join and a grouping. 1 query."""
    taught = Counter(session.topic_id for session in sessions)
    rows = _topic_rows(program.pk)
    return [
        PlanTopic(
            pk=pk,
            title=title,
            description=description,
            proposed_by=proposed_by,
            proposal_pk=proposal_pk,
            proposer_name=proposer_name,
            proposer_kind_label=TeamMember.Role(kind).label if kind else None,
            session_count=taught[pk],
        )
        for pk, title, description, proposed_by, proposal_pk, proposer_name, kind in rows
    ]


def plan_for_program(*, program: Program) -> Plan:
    """The team, the topics with the proposals they came from, and the draft schedule with
    its faculty and patient partners: 4 queries. Each session's topic is one of the topics read
    (a topic of the session's program, as scheduling checks), so the sessions do not join it."""
    sessions = draft_schedule(program=program)
    topics = topics_of_plan(program=program, sessions=sessions)
    titles = {topic.pk: topic.title for topic in topics}
    for session in sessions:
        session.topic = titles.get(session.topic_id)
    team = team_of_plan(program=program)
    _add_co_teachers(sessions, team=team)
    return Plan(team=team, topics=topics, sessions=sessions)


@dataclass(frozen=True)
class PlanCoTeacher:
    """A patient partner co-teaching a session of the plan, as `{% co_teachers … plain=True %}`
    shows them (`member.name`, `contribution`)."""

    member: PlanMember
    contribution: str


def _add_co_teachers(sessions: list[DraftSession], *, team: list[PlanMember]) -> None:
    """Each session's patient partners, by name (as `co_teachers_by_session` lists them), the
    members taken from the team read: a co-teacher is on the team of the session's program (as
    `assign_co_teaching` checks). 1 query, of the assignments' own columns only."""
    if not sessions:
        return
    members = {member.pk: member for member in team}
    by_session = {session.pk: session for session in sessions}
    rows = _co_teaching_rows(list(by_session))
    for session_id, member_id, contribution in rows:
        by_session[session_id].co_teachers.append(PlanCoTeacher(members[member_id], contribution))


# The plan's reads, compiled once a process and run for the program of each call.
@compiled_once
def _draft_rows(program_id) -> QuerySet[SeminarSession]:
    return (
        SeminarSession.objects.filter(program_id=program_id)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .order_by("starts_at", "pk", *(f"faculty_assignments__{field}" for field in FACULTY_ORDER))
        .values_list(
            "pk",
            "title",
            "topic_id",
            "starts_at",
            "ends_at",
            "status",
            "room__name",
            "room__site__name",
            "faculty_assignments__faculty_member__first_name",
            "faculty_assignments__faculty_member__last_name",
        )
    )


@compiled_once
def _co_teaching_rows(session_ids) -> QuerySet[CoTeaching]:
    return (
        CoTeaching.objects.filter(session_id__in=session_ids)
        .order_by("member__name", "pk")
        .values_list("session_id", "member_id", "contribution")
    )


@compiled_once
def _topic_rows(program_id) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(program_id=program_id)
        .order_by("title")
        .values_list(
            "pk",
            "title",
            "description",
            "proposed_by__name",
            "proposal__pk",
            "proposal__proposer_name",
            "proposal__proposer_kind",
        )
    )


@compiled_once
def _team_rows(program_id) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(program_id=program_id)
        .order_by("role", "name")
        .values_list("pk", "user_id", "name", "role", "organization__name", "joined_at")
    )


# --- Proposals ----------------------------------------------------------------------------------


def proposals_for_program(
    *, program: Program, user, status: str = "", proposer_kind: str = ""
) -> QuerySet[Proposal]:
    """The program's proposals, newest first, optionally of one status or kind of proposer,
    with their endorsement and comment counts and whether `user` endorsed each: one query."""
    proposals = program.proposals.select_related("proposer_organization", "topic")
    if status:
        proposals = proposals.filter(status=status)
    if proposer_kind:
        proposals = proposals.filter(proposer_kind=proposer_kind)
    return proposals.annotate(
        endorsement_count=Count("endorsements", distinct=True),
        comment_count=Count("comments", distinct=True),
        is_endorsed=Exists(Endorsement.objects.filter(proposal=OuterRef("pk"), user=user.pk)),
    ).order_by("-created_at", "-pk")


def get_proposal_for_program(*, program: Program, pk: int) -> Proposal:
    """A proposal of this program (the program was access-checked); 404 for any other."""
    try:
        return program.proposals.select_related("proposer_organization", "topic", "decided_by").get(
            pk=pk
        )
    except Proposal.DoesNotExist:
        raise Http404("No such proposal.") from None


def discussion_of(*, proposal: Proposal) -> tuple[list[ProposalComment], list[Endorsement]]:
    """The proposal's comments and endorsements, oldest first: 2 queries."""
    return (
        list(proposal.comments.all()),
        list(proposal.endorsements.select_related("user")),
    )


# --- Invitations --------------------------------------------------------------------------------


TEAM_INVITATIONS = InvitationKind(
    model=TeamInvitation,
    salt="planning.team-invitation",
    related=("member__program", "member__organization", "member__user"),
)


def invitation_token(*, invitation: TeamInvitation) -> str:
    return TEAM_INVITATIONS.token(invitation)


def invitation_from_token(*, token: str) -> TeamInvitation | None:
    """The open invitation this token was made for, or None when it is bad, used or expired."""
    return TEAM_INVITATIONS.from_token(token)


# --- The advisory panel: open actions, for the planning pages and for others to count ----------


def open_actions(
    *,
    organization: Organization | None = None,
    program: Program | None = None,
    partnership_wide: bool | None = None,
) -> QuerySet[ActionItem]:
    """Open action items of advisory meetings, soonest due first, with their meeting, program
    and owner loaded (one query): of the people who speak for `organization` (its liaisons, and
    planning-team members for it); of `program`'s meetings; of the partnership's meetings only
    (`partnership_wide=True`) or of programs' only (False)."""
    actions = ActionItem.objects.filter(status=ActionItem.Status.OPEN)
    if organization is not None:
        speakers = Q(owner__liaison_organizations=organization) | Q(
            owner__planning_memberships__organization=organization
        )
        actions = actions.filter(pk__in=ActionItem.objects.filter(speakers).values("pk"))
    if program is not None:
        actions = actions.filter(meeting__program=program)
    if partnership_wide is not None:
        actions = actions.filter(meeting__program__isnull=partnership_wide)
    return actions.select_related("meeting__program", "owner").order_by("due_on", "pk")


@dataclass
class OwnAction:
    """One of a user's open action items as their planning pages list it, read as plain values
    under the names `planning/_action_row.html` reads of an ActionItem."""

    pk: int
    description: str
    meeting_id: int
    meeting_title: str
    program_name: str | None  # None for a partnership meeting
    due_on: date
    is_overdue: bool
    owner: object  # the user whose items these are
    owner_id: int
    is_done: bool = False
    done_at: datetime | None = None
    meeting_url: str = ""  # set with done_url by the view (`planning.links.with_action_links`)
    done_url: str = ""


def own_open_actions(*, user) -> list[OwnAction]:
    """The user's open action items, soonest due first, with their meeting's title and
    program's name: 1 query, the owner being `user` itself."""
    today = timezone.localdate()
    rows = _open_action_rows(user.pk)
    return [
        OwnAction(
            pk=pk,
            description=description,
            meeting_id=meeting_id,
            meeting_title=title,
            program_name=program_name,
            due_on=due_on,
            is_overdue=due_on < today,  # as ActionItem.is_overdue, of an open item
            owner=user,
            owner_id=user.pk,
        )
        for pk, description, meeting_id, title, program_name, due_on in rows
    ]


@compiled_once
def _open_action_rows(owner_id) -> QuerySet[ActionItem]:
    """The owner's open action items as `own_open_actions` lists them."""
    return (
        ActionItem.objects.filter(owner_id=owner_id, status=ActionItem.Status.OPEN)
        .order_by("due_on", "pk")
        .values_list(
            "pk", "description", "meeting_id", "meeting__title", "meeting__program__name", "due_on"
        )
    )
