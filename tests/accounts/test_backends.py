"""The signed-in user is read with their roles: the navigation, the MFA rule and the
permissions then ask nothing more, and what they read is what the data says."""

import pytest
import rules
from allauth.mfa.models import Authenticator

from accounts.backends import ModelBackend, user_with_roles
from accounts.policy import needs_mfa_setup
from rotation.selectors.access import Roles, roles_of
from tests.factories import (
    FacultyMemberFactory,
    LearnerFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.planning.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(director, settings):
    """A director who is also a liaison, faculty and a learner, with an authenticator app."""
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True
    OrganizationFactory().liaisons.add(director)
    FacultyMemberFactory(user=director, email=director.email)
    LearnerFactory(user=director, email=director.email)
    Authenticator.objects.create(user=director, type=Authenticator.Type.TOTP, data={})
    return director


def test_one_query_reads_the_user_and_every_role(everything, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(everything.pk)
        roles = roles_of(user=user)
        mfa_pending = needs_mfa_setup(user)
        profiles = (user.learner_profile.email, user.faculty_profile.email)

    assert roles == Roles(is_director=True, is_liaison=True, is_faculty=True, is_learner=True)
    assert (mfa_pending, profiles) == (False, (everything.email, everything.email))


def test_a_user_with_no_role_reads_as_none_without_more_queries(django_assert_num_queries):
    nobody = UserFactory()
    with django_assert_num_queries(1):
        roles = roles_of(user=user_with_roles(nobody.pk))

    assert roles == Roles()


def test_a_director_without_an_app_must_set_one_up(director, settings):
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True

    assert needs_mfa_setup(user_with_roles(director.pk)) is True


def test_an_inactive_or_missing_user_is_not_signed_in(director):
    director.is_active = False
    director.save()

    assert (ModelBackend().get_user(director.pk), ModelBackend().get_user(10**9)) == (None, None)


def test_a_signed_in_page_reads_the_roles_with_the_user(client, learner_user):
    client.force_login(learner_user)

    response = client.get("/calendar/")

    assert response.context["roles"] == Roles(is_learner=True)


def test_whether_the_user_joined_a_planning_team_is_read_with_them(django_assert_num_queries):
    """Invited is not joined; joined is, on the next request, with no query of its own."""
    member = UserFactory()
    TeamMemberFactory(user=member, email=member.email, joined_at=None)
    with django_assert_num_queries(1):
        invited = rules.test_rule("planning.is_team_member", user_with_roles(member.pk))

    TeamMemberFactory(user=member, email=member.email)
    with django_assert_num_queries(1):
        joined = rules.test_rule("planning.is_team_member", user_with_roles(member.pk))

    assert (invited, joined) == (False, True)


def test_the_user_read_is_the_user_select_related_gives(django_assert_num_queries):
    learner = LearnerFactory(user=UserFactory())
    user = learner.user
    expected = (
        type(user).objects.select_related("learner_profile", "faculty_profile").get(pk=user.pk)
    )

    with django_assert_num_queries(1):
        read = user_with_roles(user.pk)
        profile = read.learner_profile
        with pytest.raises(type(user).faculty_profile.RelatedObjectDoesNotExist):
            read.faculty_profile  # noqa: B018 -- none, known without a query

    fields = [field.attname for field in type(user)._meta.concrete_fields]
    assert [getattr(read, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert (profile.pk, profile.email, profile.user is read) == (learner.pk, learner.email, True)
    assert (read._state.adding, read._state.db) == (False, "default")
    assert user_with_roles(str(user.pk)).pk == user.pk  # as a session holds it
    assert user_with_roles(user.pk + 1000) is None
