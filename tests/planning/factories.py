import factory
from django.utils import timezone

from planning.models import TeamMember
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
