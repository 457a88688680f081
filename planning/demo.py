"""The planning part of `seed_demo`: the current distributed program's planning team (the demo
liaison, a patient partner with her own account, the demo resident as learner representative,
a community partner still invited) and proposals in each state, one accepted into a topic; the
advisory panel's meetings (planning/panel/demo.py).
Its patient partners have a profile, co-teach sessions, are part way through the orientation,
were paid an honorarium and gave 5 answers of feedback on the learners (shown); the concentrated
program's patient partner gave 2 (not shown: it needs 5).
Runs after rotation's demo (INSTALLED_APPS order); does nothing without that program.
Idempotent: keyed by natural keys (a member's email, a proposal's title, a session)."""

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partners.models import Organization
from planning.models import (
    CoTeaching,
    Endorsement,
    Honorarium,
    OrientationCompletion,
    OrientationItem,
    PatientFeedback,
    PatientPartnerProfile,
    Proposal,
    ProposalComment,
    TeamMember,
)
from planning.panel import demo as panel_demo
from planning.patients.selectors import DEFAULT_ORIENTATION
from rotation.competencies import SbpCompetency
from rotation.demo import DEMO_PASSWORD, DemoOptions
from rotation.models import Program, SeminarSession, User
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
    answers = _seed_patient_partners(program, director, members["patient"])
    yield (
        f"planning team of {program.name}: {program.planning_team.count()} members; "
        f"{program.proposals.count()} proposals (sign in as {PATIENT_EMAIL}, the patient partner); "
        f"patient-partner feedback: {answers}"
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


# --- Patient and family partners ----------------------------------------------------------------

# Ratings of listened, showed respect, asked about my experience, explained clearly (None: not
# observed), and the comment to the learners.
FEEDBACK = [
    (5, 5, 4, 4, "You let me finish my story. Thank you for asking what the wait felt like."),
    (4, 5, 3, 4, ""),
    (5, 4, 4, None, "Ask families what they can really do at home before you plan."),
    (4, 5, 5, 3, "Plain words, please: one of you explained prior authorization beautifully."),
    (5, 5, 4, 4, ""),
    (3, 4, 2, 3, "Most of you looked at the slides, not at us."),
    (4, 4, 3, 4, ""),
]


def _seed_patient_partners(program: Program, director, rosa: TeamMember) -> str:
    """Rosa co-teaches the distributed program's first three sessions and the next one to come,
    with Henry Walsh (a family partner without an account) in the first two; the concentrated
    program's Mei Chen co-teaches two of its sessions. Returns the answers per program."""
    PatientPartnerProfile.objects.get_or_create(
        member=rosa,
        defaults={
            "lived_experience": "Cared for her mother through two hospital discharges and a "
            "three-week wait for a prior authorization; lives with type 1 diabetes.",
            "ways_to_take_part": ["curriculum_design", "co_teaching", "feedback"],
            "organization_name": "Patient and Family Advisory Council",
            "preferred_contact": PatientPartnerProfile.Contact.EMAIL,
            "contact_notes": "Weekday afternoons; not on Fridays.",
        },
    )
    henry = _patient_member(program, "Henry Walsh", "henry.walsh@families.example.org")
    PatientPartnerProfile.objects.get_or_create(
        member=henry,
        defaults={
            "lived_experience": "Father of a teenager with complex care needs.",
            "ways_to_take_part": ["co_teaching", "advisory_panel"],
            "preferred_contact": PatientPartnerProfile.Contact.PHONE,
            "phone": "555-0142",
        },
    )
    items = _seed_orientation(program)
    for item in items[:3]:
        OrientationCompletion.objects.get_or_create(
            item=item,
            member=rosa,
            defaults={"completed_on": program.start_date, "recorded_by": director},
        )
    now = timezone.now()
    published = program.sessions.filter(status=SeminarSession.Status.PUBLISHED)
    past = list(published.filter(ends_at__lt=now).order_by("starts_at")[:3])
    upcoming = list(published.filter(starts_at__gt=now).order_by("starts_at")[:1])
    story = "shares her story of her mother's discharge"
    pairs = [(rosa, session, story) for session in past + upcoming]
    pairs += [(henry, session, "speaks as a father and carer") for session in past[:2]]
    feedback = iter(FEEDBACK)
    for member, session, contribution in pairs:
        _co_teach(member, session, contribution, director, now, feedback)
    if past:
        Honorarium.objects.get_or_create(
            member=rosa,
            paid_on=timezone.localdate(past[0].ends_at) + timedelta(days=14),
            defaults={
                "amount": Decimal("150.00"),
                "note": "First session",
                "recorded_by": director,
            },
        )
    counts = {program.name: _answer_count(program)}
    other = (
        Program.objects.filter(format=Program.Format.CONCENTRATED, directors=director)
        .exclude(archived_at__isnull=False)
        .order_by("-start_date")
        .first()
    )
    if other is not None:
        mei = _patient_member(other, "Mei Chen", "mei.chen@families.example.org")
        sessions = other.sessions.filter(
            status=SeminarSession.Status.PUBLISHED, ends_at__lt=now
        ).order_by("starts_at")[:2]
        for session in sessions:
            _co_teach(
                mei,
                session,
                "tells how her son's asthma care was coordinated",
                director,
                now,
                feedback,
            )
        counts[other.name] = _answer_count(other)
    return ", ".join(f"{name} {count} answers" for name, count in counts.items())


def _patient_member(program: Program, name: str, email: str) -> TeamMember:
    member, _ = TeamMember.objects.get_or_create(
        program=program,
        email=email,
        defaults={
            "name": name,
            "role": Role.PATIENT_PARTNER,
            "organization": Organization.objects.filter(slug="patient-family-council").first(),
        },
    )
    return member


def _seed_orientation(program: Program) -> list[OrientationItem]:
    for position, title in enumerate(DEFAULT_ORIENTATION):
        OrientationItem.objects.get_or_create(
            program=program, title=title, defaults={"position": position}
        )
    return list(program.orientation_items.all())


def _co_teach(member, session, contribution, director, now, feedback) -> None:
    """The assignment; after the session, the partner was asked and answered (next FEEDBACK)."""
    assignment, _ = CoTeaching.objects.get_or_create(
        session=session,
        member=member,
        defaults={"contribution": contribution, "assigned_by": director},
    )
    if session.ends_at >= now:
        return
    if assignment.feedback_requested_at is None:
        assignment.feedback_requested_at = session.ends_at
        assignment.save(update_fields=["feedback_requested_at"])
    ratings = next(feedback)
    PatientFeedback.objects.get_or_create(
        co_teaching=assignment,
        defaults={
            **dict(zip(PatientFeedback.ITEMS, ratings[:4], strict=True)),
            "comment": ratings[4],
        },
    )


def _answer_count(program: Program) -> int:
    return PatientFeedback.objects.filter(co_teaching__session__program=program).count()
