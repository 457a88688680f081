"""The planning part of `seed_demo`: the current distributed program's planning team (the demo
liaison, a patient partner with her own account, the demo resident as learner representative,
a community partner still invited) and proposals in each state, one accepted into a topic; the
advisory panel's meetings (planning/panel/demo.py).
Runs after rotation's demo (INSTALLED_APPS order); does nothing without that program.
Idempotent: keyed by natural keys (a member's email, a proposal's title)."""

from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partners.models import Organization
from planning.models import Endorsement, Proposal, ProposalComment, TeamMember
from planning.panel import demo as panel_demo
from rotation.competencies import SbpCompetency
from rotation.demo import DEMO_PASSWORD, DemoOptions
from rotation.models import Program, User
from rotation.services.programs import save_topic

PATIENT_EMAIL = "patient@demo.test"
# The patient partner's accepted proposal is this topic of rotation's demo, which the schedule
# already has: a new topic without a session would change the open slots partners' demo makes.
ACCEPTED_TOPIC = "Partnering with patients and families"
Role = TeamMember.Role


def seed(options: DemoOptions) -> Iterator[str]:
    program = (
        Program.objects.filter(
            format=Program.Format.DISTRIBUTED,
            directors__email="director@demo.test",
            archived_at=None,
        )
        .order_by("-start_date")
        .first()
    )
    if program is None:
        return
    director = program.directors.get(email="director@demo.test")
    members = _seed_team(program)
    _seed_proposals(program, director, members)
    yield (
        f"planning team of {program.name}: {program.planning_team.count()} members; "
        f"{program.proposals.count()} proposals (sign in as {PATIENT_EMAIL}, the patient partner)"
    )
    yield from panel_demo.seed(program, director, members)


def _seed_team(program: Program) -> dict[str, TeamMember]:
    patient, _ = User.objects.get_or_create(
        email=PATIENT_EMAIL,
        defaults={
            "first_name": "Rosa",
            "last_name": "Delgado",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    EmailAddress.objects.get_or_create(
        user=patient, email=patient.email, defaults={"verified": True, "primary": True}
    )
    liaison = User.objects.get(email="liaison@demo.test")
    resident = User.objects.get(email="resident@demo.test")
    organizations = {org.slug: org for org in Organization.objects.all()}
    now = timezone.now()
    people = {
        # key: (user, name, email, role, organization slug)
        "liaison": (
            liaison,
            str(liaison),
            liaison.email,
            Role.PARTNER_LIAISON,
            "keystone-health-plan",
        ),
        "patient": (
            patient,
            str(patient),
            patient.email,
            Role.PATIENT_PARTNER,
            "patient-family-council",
        ),
        "learner": (resident, str(resident), resident.email, Role.LEARNER_REPRESENTATIVE, None),
        "community": (
            None,
            "Marcus Lee",
            "marcus.lee@eastside-community.example.org",
            Role.COMMUNITY_PARTNER,
            None,
        ),
    }
    members = {}
    for key, (user, name, email, role, organization) in people.items():
        members[key], _ = TeamMember.objects.get_or_create(
            program=program,
            email=email,
            defaults={
                "user": user,
                "name": name,
                "role": role,
                "organization": organizations.get(organization),
                "joined_at": now if user else None,
            },
        )
    return members


def _seed_proposals(program: Program, director, members: dict[str, TeamMember]) -> None:
    proposals = [
        # proposer, title, why, sub-competency, format, status, decline reason
        (
            "liaison",
            "Prior authorization from both sides of the phone",
            "Residents order the tests; the plan's reviewers and the patients wait. Seeing the "
            "reviewer's criteria and hearing a family's wait changes how orders are written.",
            SbpCompetency.SBP2,
            Proposal.Format.CASE,
            Proposal.Status.OPEN,
            "",
        ),
        (
            "patient",
            ACCEPTED_TOPIC,
            "Patients and families leave with plans they cannot follow. Family partners tell "
            "their stories; residents plan one discharge with them, as equals.",
            SbpCompetency.SBP2,
            Proposal.Format.STORYTELLING,
            Proposal.Status.ACCEPTED,
            "",
        ),
        (
            "learner",
            "Billing codes for interns",
            "Interns are asked about codes on day one and nobody teaches them.",
            SbpCompetency.SBP3,
            Proposal.Format.WORKSHOP,
            Proposal.Status.DECLINED,
            "The revenue-cycle session covers coding; we asked its faculty to add a hands-on part.",
        ),
    ]
    for key, title, why, competency, format_, status, reason in proposals:
        member = members[key]
        if program.proposals.filter(title=title).exists():
            continue
        proposal = Proposal(
            program=program,
            title=title,
            rationale=why,
            sbp_competency=competency,
            format=format_,
            proposed_by=member.user,
            proposer_name=member.name,
            proposer_kind=member.role,
            proposer_organization=member.organization,
            status=status,
            decline_reason=reason,
        )
        if status != Proposal.Status.OPEN:
            proposal.decided_by, proposal.decided_at = director, timezone.now()
        if status == Proposal.Status.ACCEPTED:
            proposal.topic = _accepted_topic(program, title, why, competency, member)
        proposal.save()
        if status == Proposal.Status.OPEN:
            ProposalComment.objects.create(
                proposal=proposal,
                author=members["patient"].user,
                author_name=members["patient"].name,
                body="My mother waited three weeks for a scan. I can tell that part.",
            )
            Endorsement.objects.create(proposal=proposal, user=members["patient"].user)


def _accepted_topic(program: Program, title: str, why: str, competency: str, member: TeamMember):
    """The program's topic of this title, now credited to the proposer (made if missing)."""
    topic = program.topics.filter(title=title).first()
    return save_topic(
        program=program,
        topic=topic,
        title=title,
        description=topic.description if topic and topic.description else why,
        learning_objectives=topic.learning_objectives if topic else "",
        proposed_by=member.organization,
        sbp_competencies=topic.sbp_competencies if topic else [competency],
    )
