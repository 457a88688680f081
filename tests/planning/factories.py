import factory
from django.utils import timezone

from planning.models import CoTeaching, PatientFeedback, Proposal, TeamMember
from rotation.competencies import SbpCompetency
from tests.factories import ProgramFactory, SeminarSessionFactory


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A member who has joined (pass user=None, joined_at=None for one still invited)."""

    class Meta:
        model = TeamMember

    program = factory.SubFactory(ProgramFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"planner{n}@example.org")
    role = TeamMember.Role.CONTENT_EXPERT
    joined_at = factory.LazyFunction(timezone.now)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    rationale = "Residents meet this every week."
    sbp_competency = SbpCompetency.SBP2
    format = Proposal.Format.CASE
    proposer_name = "Pat Okafor"
    proposer_kind = TeamMember.Role.PATIENT_PARTNER


class PatientPartnerFactory(TeamMemberFactory):
    """A patient or family partner on the team (joined unless told otherwise)."""

    role = TeamMember.Role.PATIENT_PARTNER


class CoTeachingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoTeaching

    member = factory.SubFactory(PatientPartnerFactory)
    session = factory.SubFactory(
        SeminarSessionFactory, program=factory.SelfAttribute("..member.program"), status="published"
    )
    contribution = "shares their story"


class PatientFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientFeedback

    co_teaching = factory.SubFactory(CoTeachingFactory)
    listened = 4
    showed_respect = 5
    asked_about_experience = 3
    explained_clearly = 4
