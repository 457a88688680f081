"""The signed-in user, read with what the navigation and the permissions ask on every page.

Every page asks whether its user directs a program, liaises for an organization, teaches or
learns (the navigation, the MFA rule, the permissions), and the start pages whether they joined a
planning team (their link to it). Read one by one, that is five queries after the user's own, and
one more for a director's authenticator app (the MFA rule); here they ride on the user's query:
the learner and faculty profiles joined, the memberships and the app as EXISTS columns that
`accounts.roles`, `accounts.policy` and `planning.rules` read. The columns name the reverse
relations only, so accounts imports no domain app."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef

from config.queries import built_once


def user_with_roles(user_id):
    """The active-or-not user with this id and their roles, in one query; None if there is none."""
    return users_with_roles().filter(pk=user_id).first()


@built_once
def users_with_roles():
    """The users with their roles, narrowed to one user on each request (building the query
    anew took about 0.6 ms of every signed-in page). Unordered: it reads one user."""
    user_model = get_user_model()

    def rows_of(relation: str, **conditions):
        """The rows of the table behind one of the user's reverse relations that are this
        user's (a many-to-many's link table: no join through the users table)."""
        rel = user_model._meta.get_field(relation)
        if rel.many_to_many:
            table, user_field = rel.through, rel.field.m2m_reverse_field_name()
        else:
            table, user_field = rel.related_model, rel.field.name
        return Exists(table._default_manager.filter(**{user_field: OuterRef("pk")}, **conditions))

    return (
        user_model._default_manager.select_related("learner_profile", "faculty_profile")
        .annotate(
            _directs_any_program=rows_of("directed_programs"),
            _liaises_any_organization=rows_of("liaison_organizations"),
            _joined_a_planning_team=rows_of("planning_memberships", joined_at__isnull=False),
            _has_authenticator_app=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
        )
        .order_by()
    )


class RolesOnUserMixin:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesOnUserMixin, backends.ModelBackend):
    """Django's backend (username and password), reading the user with their roles."""


class EmailBackend(RolesOnUserMixin, AuthenticationBackend):
    """allauth's backend (email and password), reading the user with their roles."""
