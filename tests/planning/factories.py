import factory
from django.utils import timezone

from planning.models import Proposal, TeamMember
from rotation.competencies import SbpCompetency
from tests.factories import ProgramFactory


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
