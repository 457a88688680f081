"""Who takes part in planning a program: planning-team predicates, built on accounts.roles, and
the permissions the planning pages check."""

import rules

from accounts.roles import is_partner_liaison, is_program_director, is_staff
from planning.selectors import membership_of


@rules.predicate
def is_team_member(user, program=None) -> bool:
    """Has joined this program's planning team, or (without a program) any planning team."""
    if not user.is_authenticated:
        return False
    if program is not None:
        return membership_of(user=user, program=program) is not None
    joined = getattr(user, "_joined_a_planning_team", None)  # read with the signed-in user
    if joined is None:
        return user.planning_memberships.filter(joined_at__isnull=False).exists()
    return joined


# The start-page gate (no object): on any planning team. Directors plan from their workspace.
rules.add_perm("planning.take_part", is_team_member)
# The same question for the start pages' link, as a rule: one query, where a permission would
# first load Django's model permissions.
rules.add_rule("planning.is_team_member", is_team_member)
# On one program: see its plan, and change who is on its team.
rules.add_perm("planning.view_plan", is_program_director | is_staff | is_team_member)
rules.add_perm("planning.manage_team", is_program_director | is_staff)
# Proposals: members and the program's directors propose, comment and endorse; directors decide.
rules.add_perm("planning.propose", is_program_director | is_staff | is_team_member)
rules.add_perm("planning.decide_proposal", is_program_director | is_staff)


# --- The advisory panel (the object is a meeting, or an action item) -----------------------------


@rules.predicate
def may_see_meeting(user, meeting) -> bool:
    """A program's meeting: its planning team, directors and staff. A partnership meeting: every
    planning-team member, every liaison, every course director and staff."""
    if meeting is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if meeting.program_id is not None:
        program = meeting.program
        return is_team_member(user, program) or is_program_director(user, program)
    return is_team_member(user) or is_partner_liaison(user) or is_program_director(user)


@rules.predicate
def may_run_meeting(user, meeting) -> bool:
    """A program's meeting: its directors; a partnership meeting: any course director; staff."""
    if meeting is None or not user.is_authenticated:
        return False
    return user.is_staff or is_program_director(user, meeting.program)


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and user.is_authenticated and action.owner_id == user.pk


@rules.predicate
def may_run_actions_meeting(user, action) -> bool:
    return action is not None and may_run_meeting(user, action.meeting)


# The panel's pages without an object: partnership meetings and one's action items.
rules.add_perm(
    "planning.view_panel",
    is_team_member | is_partner_liaison | is_program_director | is_staff,
)
rules.add_perm("planning.run_partnership_meetings", is_program_director | is_staff)
rules.add_perm("planning.view_meeting", may_see_meeting)
rules.add_perm("planning.run_meeting", may_run_meeting)
rules.add_perm("planning.complete_action", owns_action | may_run_actions_meeting)


# --- Patient and family partners (the object is their TeamMember) -------------------------------


@rules.predicate
def is_this_member(user, member) -> bool:
    """The member's own account, once they have joined the team."""
    return user.is_authenticated and member.joined_at is not None and member.user_id == user.pk


@rules.predicate
def directs_members_program(user, member) -> bool:
    return is_program_director(user, member.program)


# On one program: see its patient partners, their orientation, honoraria and feedback, keep the
# orientation checklist, assign co-teaching.
rules.add_perm("planning.keep_patient_partners", is_program_director | is_staff)
# On one patient partner: their page and profile, for themselves and the program's directors.
rules.add_perm("planning.view_patient_partner", is_this_member | directs_members_program | is_staff)
